with

source as (

    select * from {{ source('riec', 'casusregister') }}

),

herindelingen as (

    {{ gemeente_code_mapping() }}

),

latest_version as (

    {{ latest_delivery('source', ['casus_nummer']) }}

),

renamed as (

    select
        casus_nummer,
        startdatum,
        einddatum,
        {{ normalise_gemeente_code('gemeente_code') }} as gemeente_code_geleverd,
        lower(trim(herkomst)) as herkomst,
        handhavingsknelpunt_code,
        -- multi-valued fields stay '|'-separated here; int_casus_themas / int_casus_partners unnest them
        lower(themas) as themas,
        lower(ingebracht_door) as ingebracht_door,
        cast(adviezen_bestuurlijk as integer) as adviezen_bestuurlijk,
        cast(adviezen_bibob as integer) as adviezen_bibob,
        cast(adviezen_strafrechtelijk as integer) as adviezen_strafrechtelijk,
        cast(adviezen_fiscaal as integer) as adviezen_fiscaal,
        cast(adviezen_overig as integer) as adviezen_overig,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

),

final as (

    select
        renamed.casus_nummer,
        renamed.startdatum,
        renamed.einddatum,
        coalesce(herindelingen.gemeente_code, renamed.gemeente_code_geleverd) as gemeente_code,
        renamed.gemeente_code_geleverd,
        renamed.herkomst,
        renamed.handhavingsknelpunt_code,
        renamed.themas,
        renamed.ingebracht_door,
        renamed.adviezen_bestuurlijk,
        renamed.adviezen_bibob,
        renamed.adviezen_strafrechtelijk,
        renamed.adviezen_fiscaal,
        renamed.adviezen_overig,
        renamed._delivery_id,
        renamed._source_row,
        renamed._delivery_date,
        renamed._loaded_at
    from renamed
    left join herindelingen
        on renamed.gemeente_code_geleverd = herindelingen.gemeente_code_geleverd

)

select * from final
