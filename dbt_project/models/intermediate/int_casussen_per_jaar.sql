-- A RIEC-casus counts in every year it was handled (LIEC jaarverslag rule): from the year of its
-- startdatum through the year of its einddatum, or through the peildatum's year while it is open.
-- Nothing after the peildatum counts: a casus that starts later is left out, and a planned
-- einddatum after the peildatum counts as open.

with

casussen as (

    select * from {{ ref('stg_riec__casusregister') }}

),

behandelperiodes as (

    select
        casus_nummer,
        gemeente_code,
        herkomst,
        startdatum,
        einddatum,
        cast(extract(year from startdatum) as integer) as eerste_jaar,
        cast(
            extract(year from least(coalesce(einddatum, {{ peildatum() }}), {{ peildatum() }})) as integer
        ) as laatste_jaar
    from casussen
    where startdatum <= {{ peildatum() }}

),

final as (

    select
        behandelperiodes.casus_nummer,
        behandelperiodes.gemeente_code,
        cast(behandeljaren.jaar as integer) as jaar,
        behandelperiodes.herkomst,
        behandelperiodes.startdatum,
        behandelperiodes.einddatum,
        behandeljaren.jaar = behandelperiodes.eerste_jaar as is_gestart_in_jaar,
        coalesce(
            behandelperiodes.einddatum <= {{ peildatum() }}
            and behandeljaren.jaar = extract(year from behandelperiodes.einddatum),
            false
        ) as is_afgesloten_in_jaar
    from behandelperiodes
    cross join lateral generate_series(
        behandelperiodes.eerste_jaar, behandelperiodes.laatste_jaar
    ) as behandeljaren (jaar)

)

select * from final
