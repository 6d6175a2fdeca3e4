-- Rode draden of the thematisch informatiebeeld, part two: per thema and year, how many subjects
-- (persons, companies) the partners name in the region, and how many of them appear at more than one
-- partner. Counts only: no person or company rows, no pseudonyms.
-- Doelbinding (RIEC-convenant art. 1.7): subjects are matched across partners only when they are in
-- scope of a casus or handhavingsknelpunt that year (int_subjecten_in_scope). Subjects out of scope
-- are counted per partner and added up, never matched: one named by two partners counts twice.

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

in_scope as (

    select distinct
        subject_soort,
        subject_pseudoniem,
        jaar
    from {{ ref('int_subjecten_in_scope') }}

),

subjecten_in_regio as (

    select
        subjecten.partner_code,
        subjecten.subject_soort,
        subjecten.subject_pseudoniem,
        subjecten.thema_code,
        subjecten.jaar,
        in_scope.subject_pseudoniem is not null as is_in_scope
    from subjecten
    inner join gemeenten
        on subjecten.gemeente_code = gemeenten.gemeente_code
    left join in_scope
        on
            subjecten.subject_soort = in_scope.subject_soort
            and subjecten.subject_pseudoniem = in_scope.subject_pseudoniem
            and subjecten.jaar = in_scope.jaar

),

-- the only place where subjects are linked across partners: in scope only

partners_per_subject as (

    select
        thema_code,
        jaar,
        subject_soort,
        subject_pseudoniem,
        count(distinct partner_code) as aantal_partners
    from subjecten_in_regio
    where is_in_scope
    group by
        thema_code,
        jaar,
        subject_soort,
        subject_pseudoniem

),

gekoppeld as (

    select
        thema_code,
        jaar,
        cast(count(*) filter (where subject_soort = 'persoon') as integer) as personen_in_scope,
        cast(
            count(*) filter (where subject_soort = 'persoon' and aantal_partners > 1) as integer
        ) as personen_bij_meerdere_partners,
        cast(count(*) filter (where subject_soort = 'bedrijf') as integer) as bedrijven_in_scope,
        cast(
            count(*) filter (where subject_soort = 'bedrijf' and aantal_partners > 1) as integer
        ) as bedrijven_bij_meerdere_partners
    from partners_per_subject
    group by
        thema_code,
        jaar

),

-- out of scope: distinct subjects per partner, summed over the partners (never matched between them)
per_partner_buiten_scope as (

    select
        thema_code,
        jaar,
        partner_code,
        count(distinct subject_pseudoniem) filter (where subject_soort = 'persoon') as personen,
        count(distinct subject_pseudoniem) filter (where subject_soort = 'bedrijf') as bedrijven
    from subjecten_in_regio
    where not is_in_scope
    group by
        thema_code,
        jaar,
        partner_code

),

niet_gekoppeld as (

    select
        thema_code,
        jaar,
        cast(sum(personen) as integer) as personen_niet_gekoppeld,
        cast(sum(bedrijven) as integer) as bedrijven_niet_gekoppeld
    from per_partner_buiten_scope
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
        coalesce(gekoppeld.personen_in_scope, 0) as personen_in_scope,
        coalesce(gekoppeld.personen_bij_meerdere_partners, 0) as personen_bij_meerdere_partners,
        coalesce(niet_gekoppeld.personen_niet_gekoppeld, 0) as personen_niet_gekoppeld,
        coalesce(gekoppeld.bedrijven_in_scope, 0) as bedrijven_in_scope,
        coalesce(gekoppeld.bedrijven_bij_meerdere_partners, 0) as bedrijven_bij_meerdere_partners,
        coalesce(niet_gekoppeld.bedrijven_niet_gekoppeld, 0) as bedrijven_niet_gekoppeld
    from themas
    cross join jaren
    left join gekoppeld
        on
            themas.thema_code = gekoppeld.thema_code
            and jaren.jaar = gekoppeld.jaar
    left join niet_gekoppeld
        on
            themas.thema_code = niet_gekoppeld.thema_code
            and jaren.jaar = niet_gekoppeld.jaar

)

select * from final
