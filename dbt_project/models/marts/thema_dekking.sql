-- Dekkingsmatrix of the thematisch informatiebeeld: per thema, partner and year, whether and how
-- widely the partner holds information on the thema in the region (records and gemeenten).

with

gemeente_witte_vlekken as (

    select * from {{ ref('gemeente_witte_vlekken') }}

),

final as (

    select
        min(riec_regio_code) as riec_regio_code,
        thema_code,
        min(thema_naam) as thema_naam,
        partner_code,
        min(partner_naam) as partner_naam,
        jaar,
        cast(sum(aantal_records) as integer) as aantal_records,
        cast(count(*) filter (where aantal_records > 0) as integer) as gemeenten_met_informatie,
        cast(count(*) as integer) as gemeenten_in_regio,
        bool_and(is_van_toepassing) as is_van_toepassing,
        bool_and(is_van_toepassing) and sum(aantal_records) = 0 as is_witte_vlek_in_regio
    from gemeente_witte_vlekken
    group by
        thema_code,
        partner_code,
        jaar

)

select * from final
