{{
    config(
        unique_key='incident_nummer',
        post_hook="{{ delete_rows_gone_from(this, ref('stg_politie__incidenten'), 'incident_nummer') }}",
    )
}}

-- Politie incidenten, kept as an incremental table because they are the largest extract: a run
-- writes only what changed since the last run. A row is (re)written when any column differs from
-- staging (new incidents, corrections: the latest delivery wins, as in staging; a gemeente mapping
-- that changed with a herindeling or another peildatum), and an incident that left staging (its
-- delivery purged past the bewaartermijn or superseded) is deleted. A full refresh (dbt build
-- --full-refresh) gives the same table.

with

incidenten as (

    select * from {{ ref('stg_politie__incidenten') }}

),

gewijzigd as (

    select incidenten.*
    from incidenten
    {% if is_incremental() %}
        left join {{ this }} as al_geladen
            on incidenten.incident_nummer = al_geladen.incident_nummer
        where
            al_geladen.incident_nummer is null
            or {{ any_column_differs([
                'registratie_datum',
                'gemeente_code',
                'gemeente_code_geleverd',
                'thema_code',
                'incident_soort',
                'pleegplaats_postcode_pc4',
                '_delivery_id',
                '_delivery_date',
                '_loaded_at',
            ], 'incidenten', 'al_geladen') }}
    {% endif %}

),

final as (

    select
        incident_nummer,
        registratie_datum,
        gemeente_code,
        gemeente_code_geleverd,
        thema_code,
        incident_soort,
        pleegplaats_postcode_pc4,
        _delivery_id,
        _delivery_date,
        _loaded_at
    from gewijzigd

)

select * from final
