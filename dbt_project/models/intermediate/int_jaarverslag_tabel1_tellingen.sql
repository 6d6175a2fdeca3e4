-- The counts of Tabel 1 (Operationele resultaten) per year, by the annual report's rules:
-- - a casus counts in every year it was handled (int_casussen_per_jaar);
-- - a casus brought in by several partners counts under each jaarverslag category, once per category
--   (UWV and NVWA together count once under overige), so those rows need not add up;
-- - a casus with several thema's counts under each jaarverslag row of its thema's, once per row
--   (hennep and drugs together count once under hennep/drugs);
-- - interventieadviezen count once, in the last year the casus was handled up to the peildatum
--   (the year it closed, or the peildatum's year while it is open);
-- - ondermijningsbeelden count in the year of their opleverdatum.
-- Only rows with a count are here; the mart adds zeros, gg and nvt.

with

casussen_per_jaar as (

    select * from {{ ref('int_casussen_per_jaar') }}

),

casussen as (

    select * from {{ ref('stg_riec__casusregister') }}

),

casus_partners as (

    select * from {{ ref('int_casus_partners') }}

),

casus_themas as (

    select * from {{ ref('int_casus_themas') }}

),

partners as (

    select * from {{ ref('ref_partners') }}

),

themas as (

    select * from {{ ref('ref_themas') }}

),

beelden as (

    select * from {{ ref('stg_riec__ondermijningsbeelden') }}

),

behandeld as (

    select
        jaar,
        'casussen_behandeld' as rij_code,
        count(distinct casus_nummer) as waarde
    from casussen_per_jaar
    group by jaar

    union all

    select
        jaar,
        'casussen_uit_ondermijningsbeelden' as rij_code,
        count(distinct casus_nummer) as waarde
    from casussen_per_jaar
    where herkomst = 'ondermijningsbeeld'
    group by jaar

),

ingebracht as (

    select
        casussen_per_jaar.jaar,
        'ingebracht_' || partners.jaarverslag_categorie as rij_code,
        count(distinct casussen_per_jaar.casus_nummer) as waarde
    from casussen_per_jaar
    inner join casus_partners
        on casussen_per_jaar.casus_nummer = casus_partners.casus_nummer
    inner join partners
        on casus_partners.partner_code = partners.partner_code
    group by
        casussen_per_jaar.jaar,
        partners.jaarverslag_categorie

),

per_thema as (

    select
        casussen_per_jaar.jaar,
        'thema_' || themas.jaarverslag_rij as rij_code,
        count(distinct casussen_per_jaar.casus_nummer) as waarde
    from casussen_per_jaar
    inner join casus_themas
        on casussen_per_jaar.casus_nummer = casus_themas.casus_nummer
    inner join themas
        on casus_themas.thema_code = themas.thema_code
    group by
        casussen_per_jaar.jaar,
        themas.jaarverslag_rij

),

laatste_behandeljaar as (

    select
        casussen_per_jaar.casus_nummer,
        max(casussen_per_jaar.jaar) as jaar
    from casussen_per_jaar
    group by casussen_per_jaar.casus_nummer

),

adviezen_per_casus as (

    select
        laatste_behandeljaar.jaar,
        casussen.adviezen_bestuurlijk,
        casussen.adviezen_bibob,
        casussen.adviezen_strafrechtelijk,
        casussen.adviezen_fiscaal,
        casussen.adviezen_overig
    from laatste_behandeljaar
    inner join casussen
        on laatste_behandeljaar.casus_nummer = casussen.casus_nummer

),

adviezen as (

    select
        adviezen_per_casus.jaar,
        adviezen_soorten.rij_code,
        sum(adviezen_soorten.aantal) as waarde
    from adviezen_per_casus
    cross join
        lateral (
            values
            ('adviezen_bestuurlijk', adviezen_per_casus.adviezen_bestuurlijk),
            ('adviezen_bibob', adviezen_per_casus.adviezen_bibob),
            ('adviezen_strafrechtelijk', adviezen_per_casus.adviezen_strafrechtelijk),
            ('adviezen_fiscaal', adviezen_per_casus.adviezen_fiscaal),
            ('adviezen_overig', adviezen_per_casus.adviezen_overig)
        ) as adviezen_soorten (rij_code, aantal)
    group by
        adviezen_per_casus.jaar,
        adviezen_soorten.rij_code

),

opgeleverd as (

    select
        cast(extract(year from opleverdatum) as integer) as jaar,
        'ondermijningsbeelden_opgeleverd' as rij_code,
        count(*) as waarde
    from beelden
    where opleverdatum <= {{ peildatum() }}
    group by extract(year from opleverdatum)

),

alle_tellingen as (

    select * from behandeld
    union all
    select * from ingebracht
    union all
    select * from per_thema
    union all
    select * from adviezen
    union all
    select * from opgeleverd

),

final as (

    select
        cast(jaar as integer) as jaar,
        rij_code,
        cast(waarde as integer) as waarde
    from alle_tellingen

)

select * from final
