-- All partners' thematic records as one long table: what every partner knows, per gemeente, thema
-- and year. One row per record; a RIEC-casus gives one row per thema and per year it was handled.
-- KvK counts only inschrijvingen in a risicobranche (the branche gives the thema). Records dated
-- after the peildatum are left out, so a re-run for the same peildatum gives the same picture.

with

politie_incidenten as (

    select * from {{ ref('int_politie_incidenten') }}

),

gemeente_signalen as (

    select * from {{ ref('stg_gemeente__signalen') }}

),

bibob_dossiers as (

    select * from {{ ref('stg_gemeente__bibob_dossiers') }}

),

bestuurlijke_maatregelen as (

    select * from {{ ref('stg_gemeente__bestuurlijke_maatregelen') }}

),

fiscale_signalen as (

    select * from {{ ref('stg_belastingdienst__fiscale_signalen') }}

),

handelsregister_risicobranche as (

    select * from {{ ref('int_handelsregister_risicobranche') }}

),

casussen_per_jaar as (

    select * from {{ ref('int_casussen_per_jaar') }}

),

casus_themas as (

    select * from {{ ref('int_casus_themas') }}

),

dated_records as (

    select
        'politie' as bron_partner,
        'politie_incident' as record_soort,
        incident_nummer as record_nummer,
        gemeente_code,
        thema_code,
        registratie_datum as event_date,
        false as is_ernstig_gevaar
    from politie_incidenten

    union all

    select
        'gemeente' as bron_partner,
        'gemeente_signaal' as record_soort,
        signaal_nummer as record_nummer,
        gemeente_code,
        thema_code,
        melding_datum as event_date,
        false as is_ernstig_gevaar
    from gemeente_signalen

    union all

    select
        'gemeente' as bron_partner,
        'bibob_dossier' as record_soort,
        dossier_nummer as record_nummer,
        gemeente_code,
        thema_code,
        aanvraag_datum as event_date,
        is_ernstig_gevaar
    from bibob_dossiers

    union all

    select
        'gemeente' as bron_partner,
        'bestuurlijke_maatregel' as record_soort,
        maatregel_nummer as record_nummer,
        gemeente_code,
        thema_code,
        besluit_datum as event_date,
        false as is_ernstig_gevaar
    from bestuurlijke_maatregelen

    union all

    select
        'belastingdienst' as bron_partner,
        'fiscaal_signaal' as record_soort,
        signaal_nummer as record_nummer,
        gemeente_code,
        thema_code,
        signaal_datum as event_date,
        false as is_ernstig_gevaar
    from fiscale_signalen

    union all

    select
        'kvk' as bron_partner,
        'kvk_inschrijving_risicobranche' as record_soort,
        mutatie_nummer as record_nummer,
        gemeente_code,
        thema_code,
        mutatie_datum as event_date,
        false as is_ernstig_gevaar
    from handelsregister_risicobranche
    where mutatie_soort = 'inschrijving'

),

dated_records_per_jaar as (

    select
        bron_partner,
        record_soort,
        record_nummer,
        gemeente_code,
        thema_code,
        event_date,
        cast(extract(year from event_date) as integer) as jaar,
        is_ernstig_gevaar
    from dated_records
    where event_date <= {{ peildatum() }}

),

casus_records as (

    select
        'riec' as bron_partner,
        'riec_casus' as record_soort,
        casussen_per_jaar.casus_nummer as record_nummer,
        casussen_per_jaar.gemeente_code,
        casus_themas.thema_code,
        casussen_per_jaar.startdatum as event_date,
        casussen_per_jaar.jaar,
        false as is_ernstig_gevaar
    from casussen_per_jaar
    inner join casus_themas
        on casussen_per_jaar.casus_nummer = casus_themas.casus_nummer

),

final as (

    select * from dated_records_per_jaar

    union all

    select * from casus_records

)

select * from final
