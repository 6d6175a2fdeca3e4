{{
    config(
        unique_key='mutatie_nummer',
        post_hook="{{ delete_rows_gone_from(this, ref('stg_kvk__handelsregister_mutaties'), 'mutatie_nummer') }}",
    )
}}

-- KvK Handelsregister mutaties, kept as an incremental table because the Handelsregister is large and
-- grows daily: a run writes only what changed. A row is rewritten when any column differs from staging
-- (new mutaties, corrections, a gemeente mapping that changed, and every pseudonym after a key
-- rotation), and a mutatie that left staging (purged past the bewaartermijn, superseded by a corrected
-- re-delivery) is deleted. A full refresh (dbt build --full-refresh) gives the same table.

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
            or {{ any_column_differs([
                'kvk_nummer_pseudoniem',
                'vestigingsnummer_pseudoniem',
                'mutatie_soort',
                'mutatie_datum',
                'rechtsvorm',
                'sbi_code',
                'postcode_pc4',
                'gemeente_code',
                'gemeente_code_geleverd',
                'adres_pseudoniem',
                '_delivery_id',
                '_delivery_date',
                '_loaded_at',
            ], 'mutaties', 'al_geladen') }}
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
