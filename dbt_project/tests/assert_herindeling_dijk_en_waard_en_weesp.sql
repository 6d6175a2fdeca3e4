-- Two real herindelingen, checked against the committed seeds and the mapping every staging model
-- uses: Heerhugowaard (GM0398) and Langedijk (GM0416) merged into Dijk en Waard (GM1980) on
-- 1 January 2022, Weesp (GM0457) into Amsterdam (GM0363) on 24 March 2022. On a peildatum after
-- those dates the old codes map to the current gemeente; in ref_gemeenten the current gemeente is
-- open-ended and the old code ends the day before its herindeling. Returns a row per broken expectation.

with

mapping as (

    {{ gemeente_code_mapping() }}

),

gemeenten as (

    select * from {{ ref('ref_gemeenten') }}

),

herindelingen as (

    select * from {{ ref('ref_gemeente_herindelingen') }}

),

verwacht as (

    select
        verwacht_rijen.oud_gemeente_code,
        verwacht_rijen.nieuw_gemeente_code,
        cast(verwacht_rijen.ingangsdatum as date) as ingangsdatum
    from (
        values
        ('GM0398', 'GM1980', '2022-01-01'),
        ('GM0416', 'GM1980', '2022-01-01'),
        ('GM0457', 'GM0363', '2022-03-24')
    ) as verwacht_rijen (oud_gemeente_code, nieuw_gemeente_code, ingangsdatum)

),

final as (

    select
        verwacht.oud_gemeente_code,
        'geschiedenis ontbreekt in ref_gemeente_herindelingen' as probleem
    from verwacht
    left join herindelingen
        on
            verwacht.oud_gemeente_code = herindelingen.oud_gemeente_code
            and verwacht.nieuw_gemeente_code = herindelingen.nieuw_gemeente_code
            and verwacht.ingangsdatum = herindelingen.ingangsdatum
    where herindelingen.oud_gemeente_code is null

    union all

    select
        verwacht.oud_gemeente_code,
        'oude code wijst niet naar de huidige gemeente' as probleem
    from verwacht
    left join mapping
        on verwacht.oud_gemeente_code = mapping.gemeente_code_geleverd
    where
        verwacht.ingangsdatum <= {{ peildatum() }}
        and mapping.gemeente_code is distinct from verwacht.nieuw_gemeente_code

    union all

    select
        verwacht.oud_gemeente_code,
        'huidige gemeente ontbreekt of oude code eindigt niet op de dag voor de herindeling' as probleem
    from verwacht
    left join gemeenten as nieuw
        on verwacht.nieuw_gemeente_code = nieuw.gemeente_code
    left join gemeenten as oud
        on verwacht.oud_gemeente_code = oud.gemeente_code
    where
        nieuw.gemeente_code is null
        or nieuw.geldig_tot is not null
        or oud.geldig_tot is distinct from verwacht.ingangsdatum - 1

)

select * from final
