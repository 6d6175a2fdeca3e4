-- Witte vlekken per partner: per current gemeente of the region, thema, partner and year, how many
-- records the partner has. A combination where an applicable partner has nothing is a witte vlek.

with

gemeenten as (

    select * from {{ ref('int_gemeenten_regio') }}

),

partner_themas as (

    select * from {{ ref('int_signalerende_partners') }}

),

jaren as (

    select * from {{ ref('int_rapportage_jaren') }}

),

signalen as (

    select * from {{ ref('int_signalen_unioned') }}

),

records_per_cel as (

    select
        bron_partner as partner_code,
        gemeente_code,
        thema_code,
        jaar,
        cast(count(*) as integer) as aantal_records
    from signalen
    group by
        bron_partner,
        gemeente_code,
        thema_code,
        jaar

),

final as (

    select
        gemeenten.riec_regio_code,
        gemeenten.gemeente_code,
        gemeenten.gemeente_naam,
        partner_themas.thema_code,
        partner_themas.thema_naam,
        partner_themas.partner_code,
        partner_themas.partner_naam,
        jaren.jaar,
        coalesce(records_per_cel.aantal_records, 0) as aantal_records,
        partner_themas.is_van_toepassing,
        partner_themas.is_van_toepassing and records_per_cel.aantal_records is null as is_witte_vlek
    from gemeenten
    cross join partner_themas
    cross join jaren
    left join records_per_cel
        on
            gemeenten.gemeente_code = records_per_cel.gemeente_code
            and partner_themas.thema_code = records_per_cel.thema_code
            and partner_themas.partner_code = records_per_cel.partner_code
            and jaren.jaar = records_per_cel.jaar

)

select * from final
