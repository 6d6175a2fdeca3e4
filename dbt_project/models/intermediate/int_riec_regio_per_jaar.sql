-- The run's region as it was in each rapportage jaar (ref_riec_regio_historie): its name then and the
-- RIEC it reported under in the jaarverslag (Oost-Brabant and Zeeland-West-Brabant reported jointly as
-- Taskforce-RIEC Brabant-Zeeland until 2024). A year in which the region did not exist has no row.

with

regios as (

    select * from {{ ref('ref_riec_regio_historie') }}

),

jaren as (

    select * from {{ ref('int_rapportage_jaren') }}

),

gerangschikt as (

    select
        regios.riec_regio_code,
        regios.riec_regio_naam,
        regios.rapporteert_als,
        jaren.jaar,
        row_number() over (partition by jaren.jaar order by regios.geldig_vanaf desc) as versie_rang
    from jaren
    inner join regios
        on
            regios.geldig_vanaf <= make_date(jaren.jaar, 12, 31)
            and (regios.geldig_tot is null or regios.geldig_tot >= make_date(jaren.jaar, 12, 31))
    where regios.riec_regio_code = '{{ var("region") }}'

),

rapportage_namen as (

    select
        riec_regio_code as rapportage_regio_code,
        riec_regio_naam as rapportage_regio_naam,
        geldig_vanaf,
        geldig_tot
    from regios
    where riec_regio_code = rapporteert_als

),

final as (

    select
        gerangschikt.riec_regio_code,
        gerangschikt.riec_regio_naam,
        gerangschikt.jaar,
        gerangschikt.rapporteert_als as rapportage_regio_code,
        coalesce(rapportage_namen.rapportage_regio_naam, gerangschikt.riec_regio_naam) as rapportage_regio_naam
    from gerangschikt
    left join rapportage_namen
        on
            gerangschikt.rapporteert_als = rapportage_namen.rapportage_regio_code
            and rapportage_namen.geldig_vanaf <= make_date(gerangschikt.jaar, 12, 31)
            and (
                rapportage_namen.geldig_tot is null
                or rapportage_namen.geldig_tot >= make_date(gerangschikt.jaar, 12, 31)
            )
    where gerangschikt.versie_rang = 1

)

select * from final
