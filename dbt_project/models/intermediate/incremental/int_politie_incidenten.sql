{{ config(unique_key='incident_nummer') }}

-- Politie incidenten, kept as an incremental table because they are the largest extract: a run
-- writes only what changed since the last run. A row is (re)written when its delivery was loaded
-- after the latest one already here (new incidents and corrections: the latest delivery wins, as in
-- staging), or when its gemeente mapping changed (a herindeling that now applies, or a re-run for
-- another peildatum). A full refresh (dbt build --full-refresh) gives the same table.

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
            or incidenten._delivery_id <> al_geladen._delivery_id
            or incidenten.gemeente_code <> al_geladen.gemeente_code
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
