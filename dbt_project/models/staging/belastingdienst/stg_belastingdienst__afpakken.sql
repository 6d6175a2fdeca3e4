with

source as (

    select * from {{ source('belastingdienst', 'afpakken') }}

),

herindelingen as (

    {{ gemeente_code_mapping() }}

),

latest_version as (

    {{ latest_delivery('source', ['afpak_nummer']) }}

),

renamed as (

    select
        afpak_nummer,
        casus_nummer,
        {{ normalise_gemeente_code('gemeente_code') }} as gemeente_code_geleverd,
        afpak_datum,
        lower(trim(afpak_soort)) as afpak_soort,
        cast(bedrag_eur as numeric(14, 2)) as bedrag_eur,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

),

final as (

    select
        renamed.afpak_nummer,
        renamed.casus_nummer,
        coalesce(herindelingen.gemeente_code, renamed.gemeente_code_geleverd) as gemeente_code,
        renamed.gemeente_code_geleverd,
        renamed.afpak_datum,
        renamed.afpak_soort,
        renamed.bedrag_eur,
        renamed._delivery_id,
        renamed._source_row,
        renamed._delivery_date,
        renamed._loaded_at
    from renamed
    left join herindelingen
        on renamed.gemeente_code_geleverd = herindelingen.gemeente_code_geleverd

)

select * from final
