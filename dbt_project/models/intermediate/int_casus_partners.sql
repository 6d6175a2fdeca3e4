-- One row per RIEC-casus and partner that brought it in: a casus brought in by several partners
-- counts under each (so per-partner figures need not add up to the number of casussen).

with

casussen as (

    select * from {{ ref('stg_riec__casusregister') }}

),

unnested as (

    select
        casussen.casus_nummer,
        trim(casus_partners.partner_code) as partner_code
    from casussen
    cross join lateral unnest(string_to_array(casussen.ingebracht_door, '|')) as casus_partners (partner_code)

),

final as (

    select distinct
        casus_nummer,
        partner_code
    from unnested
    where partner_code <> ''

)

select * from final
