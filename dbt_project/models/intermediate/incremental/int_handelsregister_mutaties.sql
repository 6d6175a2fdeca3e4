{{ config(unique_key='mutatie_nummer') }}

-- KvK Handelsregister mutaties, kept as an incremental table because the Handelsregister is large and
-- grows daily: a run writes only new mutaties, corrections (a later delivery of the same mutatie) and
-- rows whose gemeente mapping changed (herindeling, or a re-run for another peildatum). A full refresh
-- (dbt build --full-refresh) gives the same table.

with

mutaties as (

    select * from {{ ref('stg_kvk__handelsregister_mutaties') }}

),

gewijzigd as (

    select mutaties.*
    from mutaties
    {% if is_incremental() %}
        left join {{ this }} as al_geladen
            on mutaties.mutatie_nummer = al_geladen.mutatie_nummer
        where
            al_geladen.mutatie_nummer is null
            or mutaties._delivery_id <> al_geladen._delivery_id
            or mutaties.gemeente_code <> al_geladen.gemeente_code
    {% endif %}

),

final as (

    select
        mutatie_nummer,
        kvk_nummer_pseudoniem,
        vestigingsnummer_pseudoniem,
        mutatie_soort,
        mutatie_datum,
        rechtsvorm,
        sbi_code,
        postcode_pc4,
        gemeente_code,
        gemeente_code_geleverd,
        adres_pseudoniem,
        _delivery_id,
        _delivery_date,
        _loaded_at
    from gewijzigd

)

select * from final
