-- Gemeente-overzicht: per current gemeente of the region and per year, the totals over all thema's,
-- KvK in- and uitschrijvingen, afpak-bedragen and inwoners.

with

gemeenten as (

    select * from {{ ref('int_gemeenten_regio') }}

),

jaren as (

    select * from {{ ref('int_rapportage_jaren') }}

),

signalen as (

    select * from {{ ref('int_signalen_unioned') }}

),

signalen_per_cel as (

    select * from {{ ref('int_signalen_per_gemeente_thema_jaar') }}

),

themas as (

    select * from {{ ref('ref_themas') }}

),

casussen_per_jaar as (

    select * from {{ ref('int_casussen_per_jaar') }}

),

handelsregister_mutaties as (

    select * from {{ ref('int_handelsregister_mutaties') }}

),

afpakken as (

    select * from {{ ref('stg_belastingdienst__afpakken') }}

),

bevolking as (

    select * from {{ ref('int_bevolking_per_gemeente') }}

),

signalen_per_gemeente_jaar as (

    select
        gemeente_code,
        jaar,
        cast(count(*) filter (where record_soort = 'politie_incident') as integer) as politie_incidenten,
        cast(count(*) filter (where record_soort = 'gemeente_signaal') as integer) as gemeente_signalen,
        cast(count(*) filter (where record_soort = 'bibob_dossier') as integer) as bibob_dossiers,
        cast(
            count(*) filter (where record_soort = 'bestuurlijke_maatregel') as integer
        ) as bestuurlijke_maatregelen,
        cast(count(*) filter (where record_soort = 'fiscaal_signaal') as integer) as fiscale_signalen
    from signalen
    where record_soort <> 'riec_casus'
    group by
        gemeente_code,
        jaar

),

themas_per_gemeente_jaar as (

    select
        signalen_per_cel.gemeente_code,
        signalen_per_cel.jaar,
        cast(count(distinct signalen_per_cel.thema_code) as integer) as themas_met_signalen
    from signalen_per_cel
    inner join themas
        on signalen_per_cel.thema_code = themas.thema_code
    where signalen_per_cel.aantal_records > 0
    group by
        signalen_per_cel.gemeente_code,
        signalen_per_cel.jaar

),

casussen_per_gemeente_jaar as (

    select
        gemeente_code,
        jaar,
        cast(count(distinct casus_nummer) as integer) as riec_casussen
    from casussen_per_jaar
    group by
        gemeente_code,
        jaar

),

kvk_per_gemeente_jaar as (

    select
        gemeente_code,
        cast(extract(year from mutatie_datum) as integer) as jaar,
        cast(count(*) filter (where mutatie_soort = 'inschrijving') as integer) as kvk_inschrijvingen,
        cast(count(*) filter (where mutatie_soort = 'uitschrijving') as integer) as kvk_uitschrijvingen
    from handelsregister_mutaties
    where mutatie_datum <= {{ peildatum() }}
    group by
        gemeente_code,
        extract(year from mutatie_datum)

),

afpakken_per_gemeente_jaar as (

    select
        gemeente_code,
        cast(extract(year from afpak_datum) as integer) as jaar,
        sum(bedrag_eur) filter (where afpak_soort = 'opgelegd') as afpak_opgelegd_eur,
        sum(bedrag_eur) filter (where afpak_soort = 'geind_verrekend') as afpak_geind_verrekend_eur,
        sum(bedrag_eur) filter (where afpak_soort = 'beslag') as afpak_beslag_eur
    from afpakken
    where afpak_datum <= {{ peildatum() }}
    group by
        gemeente_code,
        extract(year from afpak_datum)

),

gemeente_jaren as (

    select
        gemeenten.riec_regio_code,
        gemeenten.gemeente_code,
        gemeenten.gemeente_naam,
        gemeenten.provincie,
        jaren.jaar
    from gemeenten
    cross join jaren

),

bevolking_ranked as (

    select
        gemeente_jaren.gemeente_code,
        gemeente_jaren.jaar,
        bevolking.inwoners,
        bevolking.is_synthetisch,
        row_number() over (
            partition by gemeente_jaren.gemeente_code, gemeente_jaren.jaar
            order by bevolking.peiljaar desc
        ) as peiljaar_rang
    from gemeente_jaren
    inner join bevolking
        on
            gemeente_jaren.gemeente_code = bevolking.gemeente_code
            and gemeente_jaren.jaar >= bevolking.peiljaar

),

bevolking_per_gemeente_jaar as (

    select
        gemeente_code,
        jaar,
        inwoners,
        is_synthetisch
    from bevolking_ranked
    where peiljaar_rang = 1

),

final as (

    select
        gemeente_jaren.riec_regio_code,
        gemeente_jaren.gemeente_code,
        gemeente_jaren.gemeente_naam,
        gemeente_jaren.provincie,
        gemeente_jaren.jaar,
        bevolking_per_gemeente_jaar.inwoners,
        bevolking_per_gemeente_jaar.is_synthetisch as is_bevolking_synthetisch,
        coalesce(signalen_per_gemeente_jaar.politie_incidenten, 0) as politie_incidenten,
        coalesce(signalen_per_gemeente_jaar.gemeente_signalen, 0) as gemeente_signalen,
        coalesce(signalen_per_gemeente_jaar.bibob_dossiers, 0) as bibob_dossiers,
        coalesce(signalen_per_gemeente_jaar.bestuurlijke_maatregelen, 0) as bestuurlijke_maatregelen,
        coalesce(signalen_per_gemeente_jaar.fiscale_signalen, 0) as fiscale_signalen,
        coalesce(kvk_per_gemeente_jaar.kvk_inschrijvingen, 0) as kvk_inschrijvingen,
        coalesce(kvk_per_gemeente_jaar.kvk_uitschrijvingen, 0) as kvk_uitschrijvingen,
        coalesce(casussen_per_gemeente_jaar.riec_casussen, 0) as riec_casussen,
        cast(coalesce(afpakken_per_gemeente_jaar.afpak_opgelegd_eur, 0) as numeric(14, 2)) as afpak_opgelegd_eur,
        cast(
            coalesce(afpakken_per_gemeente_jaar.afpak_geind_verrekend_eur, 0) as numeric(14, 2)
        ) as afpak_geind_verrekend_eur,
        cast(coalesce(afpakken_per_gemeente_jaar.afpak_beslag_eur, 0) as numeric(14, 2)) as afpak_beslag_eur,
        coalesce(themas_per_gemeente_jaar.themas_met_signalen, 0) as themas_met_signalen
    from gemeente_jaren
    left join bevolking_per_gemeente_jaar
        on
            gemeente_jaren.gemeente_code = bevolking_per_gemeente_jaar.gemeente_code
            and gemeente_jaren.jaar = bevolking_per_gemeente_jaar.jaar
    left join signalen_per_gemeente_jaar
        on
            gemeente_jaren.gemeente_code = signalen_per_gemeente_jaar.gemeente_code
            and gemeente_jaren.jaar = signalen_per_gemeente_jaar.jaar
    left join kvk_per_gemeente_jaar
        on
            gemeente_jaren.gemeente_code = kvk_per_gemeente_jaar.gemeente_code
            and gemeente_jaren.jaar = kvk_per_gemeente_jaar.jaar
    left join casussen_per_gemeente_jaar
        on
            gemeente_jaren.gemeente_code = casussen_per_gemeente_jaar.gemeente_code
            and gemeente_jaren.jaar = casussen_per_gemeente_jaar.jaar
    left join afpakken_per_gemeente_jaar
        on
            gemeente_jaren.gemeente_code = afpakken_per_gemeente_jaar.gemeente_code
            and gemeente_jaren.jaar = afpakken_per_gemeente_jaar.jaar
    left join themas_per_gemeente_jaar
        on
            gemeente_jaren.gemeente_code = themas_per_gemeente_jaar.gemeente_code
            and gemeente_jaren.jaar = themas_per_gemeente_jaar.jaar

)

select * from final
