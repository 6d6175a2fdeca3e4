-- The records of int_signalen_unioned counted per gemeente, thema and year: one row per cell with at
-- least one record (cells without records are added by the marts, with zeros).

with

signalen as (

    select * from {{ ref('int_signalen_unioned') }}

),

final as (

    select
        gemeente_code,
        thema_code,
        jaar,
        cast(count(*) filter (where record_soort = 'politie_incident') as integer) as politie_incidenten,
        cast(count(*) filter (where record_soort = 'gemeente_signaal') as integer) as gemeente_signalen,
        cast(count(*) filter (where record_soort = 'bibob_dossier') as integer) as bibob_dossiers,
        cast(
            count(*) filter (where record_soort = 'bibob_dossier' and is_ernstig_gevaar) as integer
        ) as bibob_ernstig_gevaar,
        cast(
            count(*) filter (where record_soort = 'bestuurlijke_maatregel') as integer
        ) as bestuurlijke_maatregelen,
        cast(count(*) filter (where record_soort = 'fiscaal_signaal') as integer) as fiscale_signalen,
        cast(
            count(*) filter (where record_soort = 'kvk_inschrijving_risicobranche') as integer
        ) as kvk_inschrijvingen_risicobranche,
        cast(count(*) filter (where record_soort = 'riec_casus') as integer) as riec_casussen,
        cast(count(*) as integer) as aantal_records
    from signalen
    group by
        gemeente_code,
        thema_code,
        jaar

)

select * from final
