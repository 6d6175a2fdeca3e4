-- Rode draden of the thematisch informatiebeeld, part one: per pair of thema's and year, in how many
-- RIEC-casussen of the region both played a role (a casus counts in every year it was handled).
-- One row per thema, samen_met_thema and jaar, also for pairs that never co-occur.

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

casussen_per_jaar as (

    select * from {{ ref('int_casussen_per_jaar') }}

),

casus_themas as (

    select * from {{ ref('int_casus_themas') }}

),

casus_thema_jaar as (

    select
        casussen_per_jaar.casus_nummer,
        casussen_per_jaar.jaar,
        casus_themas.thema_code
    from casussen_per_jaar
    inner join gemeenten
        on casussen_per_jaar.gemeente_code = gemeenten.gemeente_code
    inner join casus_themas
        on casussen_per_jaar.casus_nummer = casus_themas.casus_nummer

),

paren as (

    select
        eerste.thema_code,
        tweede.thema_code as samen_met_thema_code,
        eerste.jaar,
        cast(count(distinct eerste.casus_nummer) as integer) as casussen_samen
    from casus_thema_jaar as eerste
    inner join casus_thema_jaar as tweede
        on
            eerste.casus_nummer = tweede.casus_nummer
            and eerste.jaar = tweede.jaar
            and eerste.thema_code <> tweede.thema_code
    group by
        eerste.thema_code,
        tweede.thema_code,
        eerste.jaar

),

per_thema as (

    select
        thema_code,
        jaar,
        cast(count(distinct casus_nummer) as integer) as casussen_met_thema
    from casus_thema_jaar
    group by
        thema_code,
        jaar

),

final as (

    select
        (select min(gemeenten.riec_regio_code) from gemeenten) as riec_regio_code,
        themas.thema_code,
        themas.thema_naam,
        samen_met.thema_code as samen_met_thema_code,
        samen_met.thema_naam as samen_met_thema_naam,
        jaren.jaar,
        coalesce(per_thema.casussen_met_thema, 0) as casussen_met_thema,
        coalesce(paren.casussen_samen, 0) as casussen_samen
    from themas
    cross join themas as samen_met
    cross join jaren
    left join paren
        on
            themas.thema_code = paren.thema_code
            and samen_met.thema_code = paren.samen_met_thema_code
            and jaren.jaar = paren.jaar
    left join per_thema
        on
            themas.thema_code = per_thema.thema_code
            and jaren.jaar = per_thema.jaar
    where themas.thema_code <> samen_met.thema_code

)

select * from final
