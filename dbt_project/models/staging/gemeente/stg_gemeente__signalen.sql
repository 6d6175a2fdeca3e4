with

source as (

    select * from {{ source('gemeente', 'signalen') }}

),

herindelingen as (

    {{ gemeente_code_mapping() }}

),

latest_version as (

    {{ latest_delivery('source', ['signaal_nummer']) }}

),

renamed as (

    select
        signaal_nummer,
        {{ normalise_gemeente_code('gemeente_code') }} as gemeente_code_geleverd,
        melding_datum,
        lower(trim(thema_code)) as thema_code,
        lower(trim(bron)) as bron,
        omschrijving,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

),

final as (

    select
        renamed.signaal_nummer,
        coalesce(herindelingen.gemeente_code, renamed.gemeente_code_geleverd) as gemeente_code,
        renamed.gemeente_code_geleverd,
        renamed.melding_datum,
        renamed.thema_code,
        renamed.bron,
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
