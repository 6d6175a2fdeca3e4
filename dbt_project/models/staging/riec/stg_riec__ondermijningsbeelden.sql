with

source as (

    select * from {{ source('riec', 'ondermijningsbeelden') }}

),

herindelingen as (

    {{ gemeente_code_mapping() }}

),

latest_version as (

    {{ latest_delivery('source', ['beeld_nummer']) }}

),

renamed as (

    select
        beeld_nummer,
        {{ normalise_gemeente_code('gemeente_code') }} as gemeente_code_geleverd,
        opleverdatum,
        lower(trim(soort)) as beeld_soort,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

),

final as (

    select
        renamed.beeld_nummer,
        coalesce(herindelingen.gemeente_code, renamed.gemeente_code_geleverd) as gemeente_code,
        renamed.gemeente_code_geleverd,
        renamed.opleverdatum,
        renamed.beeld_soort,
        renamed._delivery_id,
        renamed._source_row,
        renamed._delivery_date,
        renamed._loaded_at
    from renamed
    left join herindelingen
        on renamed.gemeente_code_geleverd = herindelingen.gemeente_code_geleverd

)

select * from final
