-- Gemeentelijk informatiebeeld over time: per current gemeente of the region, per thema and per
-- period (maand, kwartaal and jaar in one long table, told apart by periode_soort), what the partners
-- know; with the rate per 10,000 inwoners, the change against the previous period of the same soort
-- and the position against the region's median. Every combination is present, also without records.

with

gemeenten as (

    select * from {{ ref('int_gemeenten_regio') }}

),

themas as (

    select * from {{ ref('ref_themas') }}

),

perioden as (

    select * from {{ ref('int_rapportage_perioden') }}

),

jaren as (

    select * from {{ ref('int_rapportage_jaren') }}

),

signalen_per_cel as (

    select * from {{ ref('int_signalen_per_gemeente_thema_periode') }}

),

bevolking as (

    select * from {{ ref('int_bevolking_per_gemeente') }}

),

cellen as (

    select
        gemeenten.riec_regio_code,
        gemeenten.gemeente_code,
        gemeenten.gemeente_naam,
        themas.thema_code,
        themas.thema_naam,
        perioden.periode_soort,
        perioden.periode,
        perioden.periode_volgnummer,
        perioden.jaar,
        perioden.begin_datum,
        perioden.eind_datum,
        perioden.is_lopend
    from gemeenten
    cross join themas
    cross join perioden

),

bevolking_gerangschikt as (

    select
        gemeenten.gemeente_code,
        jaren.jaar,
        bevolking.inwoners,
        row_number() over (
            partition by gemeenten.gemeente_code, jaren.jaar
            order by bevolking.peiljaar desc
        ) as peiljaar_rang
    from gemeenten
    cross join jaren
    inner join bevolking
        on
            gemeenten.gemeente_code = bevolking.gemeente_code
            and jaren.jaar >= bevolking.peiljaar

),

bevolking_per_jaar as (

    select
        gemeente_code,
        jaar,
        inwoners
    from bevolking_gerangschikt
    where peiljaar_rang = 1

),

tellingen as (

    select
        cellen.*,
        bevolking_per_jaar.inwoners,
        coalesce(signalen_per_cel.politie_incidenten, 0) as politie_incidenten,
        coalesce(signalen_per_cel.gemeente_signalen, 0) as gemeente_signalen,
        coalesce(signalen_per_cel.bibob_dossiers, 0) as bibob_dossiers,
        coalesce(signalen_per_cel.bestuurlijke_maatregelen, 0) as bestuurlijke_maatregelen,
        coalesce(signalen_per_cel.fiscale_signalen, 0) as fiscale_signalen,
        coalesce(signalen_per_cel.kvk_inschrijvingen_risicobranche, 0) as kvk_inschrijvingen_risicobranche,
        coalesce(signalen_per_cel.riec_casussen, 0) as riec_casussen,
        coalesce(signalen_per_cel.aantal_records, 0) as records_totaal
    from cellen
    left join signalen_per_cel
        on
            cellen.gemeente_code = signalen_per_cel.gemeente_code
            and cellen.thema_code = signalen_per_cel.thema_code
            and cellen.periode_soort = signalen_per_cel.periode_soort
            and cellen.periode = signalen_per_cel.periode
    left join bevolking_per_jaar
        on
            cellen.gemeente_code = bevolking_per_jaar.gemeente_code
            and cellen.jaar = bevolking_per_jaar.jaar

),

met_kengetallen as (

    select
        tellingen.*,
        {{ partners_met_informatie('tellingen') }} as partners_met_informatie,
        -- the cast around the case, not inside it: a case drops the scale of its branches
        cast(
            case
                when tellingen.inwoners > 0
                    then round(tellingen.records_totaal * 10000.0 / tellingen.inwoners, 2)
            end as numeric(12, 2)
        ) as records_per_10000_inwoners,
        lag(tellingen.records_totaal) over (
            partition by tellingen.gemeente_code, tellingen.thema_code, tellingen.periode_soort
            order by tellingen.periode_volgnummer
        ) as records_vorige_periode,
        sum(tellingen.records_totaal) over (
            partition by tellingen.thema_code, tellingen.periode_soort, tellingen.periode
        ) as records_regio,
        rank() over (
            partition by tellingen.thema_code, tellingen.periode_soort, tellingen.periode
            order by tellingen.records_totaal desc
        ) as rang_in_regio
    from tellingen

),

regio_mediaan as (

    select
        thema_code,
        periode_soort,
        periode,
        cast(
            percentile_cont(0.5) within group (order by records_per_10000_inwoners) as numeric(12, 2)
        ) as regio_mediaan_per_10000_inwoners
    from met_kengetallen
    where records_per_10000_inwoners is not null
    group by
        thema_code,
        periode_soort,
        periode

),

final as (

    select
        met_kengetallen.riec_regio_code,
        met_kengetallen.gemeente_code,
        met_kengetallen.gemeente_naam,
        met_kengetallen.thema_code,
        met_kengetallen.thema_naam,
        met_kengetallen.periode_soort,
        met_kengetallen.periode,
        met_kengetallen.jaar,
        met_kengetallen.begin_datum as periode_begin_datum,
        met_kengetallen.eind_datum as periode_eind_datum,
        met_kengetallen.is_lopend as is_lopende_periode,
        met_kengetallen.politie_incidenten,
        met_kengetallen.gemeente_signalen,
        met_kengetallen.bibob_dossiers,
        met_kengetallen.bestuurlijke_maatregelen,
        met_kengetallen.fiscale_signalen,
        met_kengetallen.kvk_inschrijvingen_risicobranche,
        met_kengetallen.riec_casussen,
        met_kengetallen.records_totaal,
        met_kengetallen.partners_met_informatie,
        met_kengetallen.partners_met_informatie = 0 as is_witte_vlek,
        met_kengetallen.inwoners,
        met_kengetallen.records_per_10000_inwoners,
        cast(met_kengetallen.records_vorige_periode as integer) as records_vorige_periode,
        cast(
            met_kengetallen.records_totaal - met_kengetallen.records_vorige_periode as integer
        ) as verschil_met_vorige_periode,
        regio_mediaan.regio_mediaan_per_10000_inwoners,
        case
            when met_kengetallen.records_per_10000_inwoners is null then null
            when met_kengetallen.records_per_10000_inwoners > regio_mediaan.regio_mediaan_per_10000_inwoners
                then 'boven_mediaan'
            when met_kengetallen.records_per_10000_inwoners < regio_mediaan.regio_mediaan_per_10000_inwoners
                then 'onder_mediaan'
            else 'op_mediaan'
        end as positie_tov_regio,
        cast(
            case
                when met_kengetallen.records_regio > 0
                    then round(met_kengetallen.records_totaal * 1.0 / met_kengetallen.records_regio, 4)
            end as numeric(6, 4)
        ) as aandeel_in_regio,
        coalesce(
            met_kengetallen.records_totaal > 0 and met_kengetallen.rang_in_regio <= 3, false
        ) as is_concentratiegemeente
    from met_kengetallen
    left join regio_mediaan
        on
            met_kengetallen.thema_code = regio_mediaan.thema_code
            and met_kengetallen.periode_soort = regio_mediaan.periode_soort
            and met_kengetallen.periode = regio_mediaan.periode

)

select * from final
