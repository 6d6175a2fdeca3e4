-- Records per gemeente, thema and period (maand, kwartaal, jaar), per partner: one row per cell with
-- at least one record. A dated record counts in the period of its date; a RIEC-casus counts in every
-- period it was being handled (from startdatum through einddatum, or through the peildatum while it
-- is open), under each of its thema's, as in int_casussen_per_jaar.

with

signalen as (

    select * from {{ ref('int_signalen_unioned') }}

),

casussen as (

    select * from {{ ref('stg_riec__casusregister') }}

),

casus_themas as (

    select * from {{ ref('int_casus_themas') }}

),

perioden as (

    select * from {{ ref('int_rapportage_perioden') }}

),

gedateerde_records as (

    select
        signalen.record_soort,
        signalen.gemeente_code,
        signalen.thema_code,
        perioden.periode_soort,
        perioden.periode
    from signalen
    inner join perioden
        on signalen.event_date between perioden.begin_datum and perioden.eind_datum
    where signalen.record_soort <> 'riec_casus'

),

casus_records as (

    select
        'riec_casus' as record_soort,
        casussen.gemeente_code,
        casus_themas.thema_code,
        perioden.periode_soort,
        perioden.periode
    from casussen
    inner join casus_themas
        on casussen.casus_nummer = casus_themas.casus_nummer
    inner join perioden
        on
            casussen.startdatum <= perioden.eind_datum
            and coalesce(casussen.einddatum, perioden.begin_datum) >= perioden.begin_datum

),

records as (

    select * from gedateerde_records
    union all
    select * from casus_records

),

final as (

    select
        gemeente_code,
        thema_code,
        periode_soort,
        periode,
        cast(count(*) filter (where record_soort = 'politie_incident') as integer) as politie_incidenten,
        cast(count(*) filter (where record_soort = 'gemeente_signaal') as integer) as gemeente_signalen,
        cast(count(*) filter (where record_soort = 'bibob_dossier') as integer) as bibob_dossiers,
        cast(
            count(*) filter (where record_soort = 'bestuurlijke_maatregel') as integer
        ) as bestuurlijke_maatregelen,
        cast(count(*) filter (where record_soort = 'fiscaal_signaal') as integer) as fiscale_signalen,
        cast(
            count(*) filter (where record_soort = 'kvk_inschrijving_risicobranche') as integer
        ) as kvk_inschrijvingen_risicobranche,
        cast(count(*) filter (where record_soort = 'riec_casus') as integer) as riec_casussen,
        cast(count(*) as integer) as aantal_records
    from records
    group by
        gemeente_code,
        thema_code,
        periode_soort,
        periode

)

select * from final
