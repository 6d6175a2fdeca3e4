-- The number of gemeenten valid in ref_gemeenten on each indeling date since 2019 equals the count
-- CBS publishes for that indeling (see seeds/SOURCES.md). A missing or overlapping row of history
-- shows as a difference. Returns a row per date that does not match.

with

gemeenten as (

    select * from {{ ref('ref_gemeenten') }}

),

cbs_aantallen as (

    select
        cast(cbs_rijen.indeling_datum as date) as indeling_datum,
        cbs_rijen.aantal_gemeenten
    from (
        values
        ('2019-01-01', 355),
        ('2020-01-01', 355),
        ('2021-01-01', 352),
        ('2022-01-01', 345),
        ('2022-03-24', 344),
        ('2023-01-01', 342),
        ('2026-01-01', 342)
    ) as cbs_rijen (indeling_datum, aantal_gemeenten)

),

geldig as (

    select
        cbs_aantallen.indeling_datum,
        cbs_aantallen.aantal_gemeenten,
        count(gemeenten.gemeente_code) as aantal_in_seed
    from cbs_aantallen
    left join gemeenten
        on
            (gemeenten.geldig_vanaf is null or cbs_aantallen.indeling_datum >= gemeenten.geldig_vanaf)
            and (gemeenten.geldig_tot is null or cbs_aantallen.indeling_datum <= gemeenten.geldig_tot)
    group by cbs_aantallen.indeling_datum, cbs_aantallen.aantal_gemeenten

),

final as (

    select
        indeling_datum,
        aantal_gemeenten,
        aantal_in_seed
    from geldig
    where aantal_in_seed != aantal_gemeenten

)

select * from final
