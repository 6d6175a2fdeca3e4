-- Thematisch informatiebeeld: per thema and year, what all partners together know in the region, in
-- how many gemeenten, and which gemeente is named most.

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

signalen_per_cel as (

    select * from {{ ref('int_signalen_per_gemeente_thema_jaar') }}

),

regio as (

    select
        min(riec_regio_code) as riec_regio_code,
        cast(count(*) as integer) as gemeenten_in_regio
    from gemeenten

),

cellen_in_regio as (

    select signalen_per_cel.*
    from signalen_per_cel
    inner join gemeenten
        on signalen_per_cel.gemeente_code = gemeenten.gemeente_code

),

per_thema_jaar as (

    select
        thema_code,
        jaar,
        cast(sum(politie_incidenten) as integer) as politie_incidenten,
        cast(sum(gemeente_signalen) as integer) as gemeente_signalen,
        cast(sum(bibob_dossiers) as integer) as bibob_dossiers,
        cast(sum(bestuurlijke_maatregelen) as integer) as bestuurlijke_maatregelen,
        cast(sum(fiscale_signalen) as integer) as fiscale_signalen,
        cast(sum(kvk_inschrijvingen_risicobranche) as integer) as kvk_inschrijvingen_risicobranche,
        cast(sum(riec_casussen) as integer) as riec_casussen,
        cast(count(distinct gemeente_code) filter (where aantal_records > 0) as integer) as gemeenten_met_informatie
    from cellen_in_regio
    group by
        thema_code,
        jaar

),

gemeente_rangorde as (

    select
        thema_code,
        jaar,
        gemeente_code,
        row_number() over (
            partition by thema_code, jaar
            order by aantal_records desc, gemeente_code asc
        ) as rang
    from cellen_in_regio
    where aantal_records > 0

),

meest_genoemd as (

    select
        thema_code,
        jaar,
        gemeente_code as meest_genoemde_gemeente_code
    from gemeente_rangorde
    where rang = 1

),

tellingen as (

    select
        themas.thema_code,
        themas.thema_naam,
        jaren.jaar,
        coalesce(per_thema_jaar.politie_incidenten, 0) as politie_incidenten,
        coalesce(per_thema_jaar.gemeente_signalen, 0) as gemeente_signalen,
        coalesce(per_thema_jaar.bibob_dossiers, 0) as bibob_dossiers,
        coalesce(per_thema_jaar.bestuurlijke_maatregelen, 0) as bestuurlijke_maatregelen,
        coalesce(per_thema_jaar.fiscale_signalen, 0) as fiscale_signalen,
        coalesce(per_thema_jaar.kvk_inschrijvingen_risicobranche, 0) as kvk_inschrijvingen_risicobranche,
        coalesce(per_thema_jaar.riec_casussen, 0) as riec_casussen,
        coalesce(per_thema_jaar.gemeenten_met_informatie, 0) as gemeenten_met_informatie,
        meest_genoemd.meest_genoemde_gemeente_code
    from themas
    cross join jaren
    left join per_thema_jaar
        on
            themas.thema_code = per_thema_jaar.thema_code
            and jaren.jaar = per_thema_jaar.jaar
    left join meest_genoemd
        on
            themas.thema_code = meest_genoemd.thema_code
            and jaren.jaar = meest_genoemd.jaar

),

final as (

    select
        regio.riec_regio_code,
        tellingen.thema_code,
        tellingen.thema_naam,
        tellingen.jaar,
        tellingen.politie_incidenten,
        tellingen.gemeente_signalen,
        tellingen.bibob_dossiers,
        tellingen.bestuurlijke_maatregelen,
        tellingen.fiscale_signalen,
        tellingen.kvk_inschrijvingen_risicobranche,
        tellingen.riec_casussen,
        {{ partners_met_informatie('tellingen') }} as partners_met_informatie,
        tellingen.gemeenten_met_informatie,
        regio.gemeenten_in_regio,
        tellingen.meest_genoemde_gemeente_code
    from tellingen
    cross join regio

)

select * from final
