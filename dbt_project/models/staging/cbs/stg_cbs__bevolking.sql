with

source as (

    select * from {{ source('cbs', 'bevolking') }}

),

herindelingen as (

    {{ gemeente_code_mapping() }}

),

latest_version as (

    {{ latest_delivery('source', ['gemeente_code', 'peiljaar']) }}

),

renamed as (

    select
        {{ normalise_gemeente_code('gemeente_code') }} as gemeente_code_geleverd,
        cast(peiljaar as integer) as peiljaar,
        cast(inwoners as integer) as inwoners,
        is_synthetisch,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

),

final as (

    select
        coalesce(herindelingen.gemeente_code, renamed.gemeente_code_geleverd) as gemeente_code,
        renamed.gemeente_code_geleverd,
        renamed.peiljaar,
        renamed.inwoners,
        renamed.is_synthetisch,
        renamed._delivery_id,
        renamed._source_row,
        renamed._delivery_date,
        renamed._loaded_at
    from renamed
    left join herindelingen
        on renamed.gemeente_code_geleverd = herindelingen.gemeente_code_geleverd

)

select * from final
