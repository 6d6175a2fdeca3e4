-- Rode draden of the thematisch informatiebeeld, part two: per thema and year, how many subjects
-- (persons, companies) the partners name in the region, and how many of them appear at more than one
-- partner. Counts only: no person or company rows, no pseudonyms.

with

gemeenten as (

    select * from {{ ref('int_gemeenten_regio') }}

),

themas as (

    select * from {{ ref('ref_themas') }}

),

jaren as (

    select * from {{ ref('int_rapportage_jaren') }}

),

subjecten as (

    select * from {{ ref('int_subjecten_per_partner') }}

),

partners_per_subject as (

    select
        subjecten.thema_code,
        subjecten.jaar,
        subjecten.subject_soort,
        subjecten.subject_pseudoniem,
        count(distinct subjecten.partner_code) as aantal_partners
    from subjecten
    inner join gemeenten
        on subjecten.gemeente_code = gemeenten.gemeente_code
    group by
        subjecten.thema_code,
        subjecten.jaar,
        subjecten.subject_soort,
        subjecten.subject_pseudoniem

),

tellingen as (

    select
        thema_code,
        jaar,
        cast(count(*) filter (where subject_soort = 'persoon') as integer) as personen,
        cast(
            count(*) filter (where subject_soort = 'persoon' and aantal_partners > 1) as integer
        ) as personen_bij_meerdere_partners,
        cast(count(*) filter (where subject_soort = 'bedrijf') as integer) as bedrijven,
        cast(
            count(*) filter (where subject_soort = 'bedrijf' and aantal_partners > 1) as integer
        ) as bedrijven_bij_meerdere_partners
    from partners_per_subject
    group by
        thema_code,
        jaar

),

final as (

    select
        (select min(gemeenten.riec_regio_code) from gemeenten) as riec_regio_code,
        themas.thema_code,
        themas.thema_naam,
        jaren.jaar,
        coalesce(tellingen.personen, 0) as personen,
        coalesce(tellingen.personen_bij_meerdere_partners, 0) as personen_bij_meerdere_partners,
        coalesce(tellingen.bedrijven, 0) as bedrijven,
        coalesce(tellingen.bedrijven_bij_meerdere_partners, 0) as bedrijven_bij_meerdere_partners
    from themas
    cross join jaren
    left join tellingen
        on
            themas.thema_code = tellingen.thema_code
            and jaren.jaar = tellingen.jaar

)

select * from final
