with

source as (

    select * from {{ source('politie', 'incidenten') }}

),

herindelingen as (

    {{ gemeente_code_mapping() }}

),

latest_version as (

    {{ latest_delivery('source', ['incident_nummer']) }}

),

renamed as (

    select
        incident_nummer,
        registratie_datum,
        {{ normalise_gemeente_code('gemeente_code') }} as gemeente_code_geleverd,
        lower(trim(thema_code)) as thema_code,
        incident_soort,
        pleegplaats_postcode_pc4,
        omschrijving,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

),

final as (

    select
        renamed.incident_nummer,
        renamed.registratie_datum,
        coalesce(herindelingen.gemeente_code, renamed.gemeente_code_geleverd) as gemeente_code,
        renamed.gemeente_code_geleverd,
        renamed.thema_code,
        renamed.incident_soort,
        renamed.pleegplaats_postcode_pc4,
        renamed.omschrijving,
        renamed._delivery_id,
        renamed._source_row,
        renamed._delivery_date,
        renamed._loaded_at
    from renamed
    left join herindelingen
        on renamed.gemeente_code_geleverd = herindelingen.gemeente_code_geleverd

)

select * from final
