with

source as (

    select * from {{ source('gemeente', 'bestuurlijke_maatregelen') }}

),

herindelingen as (

    {{ gemeente_code_mapping() }}

),

latest_version as (

    {{ latest_delivery('source', ['maatregel_nummer']) }}

),

renamed as (

    select
        maatregel_nummer,
        {{ normalise_gemeente_code('gemeente_code') }} as gemeente_code_geleverd,
        besluit_datum,
        lower(trim(maatregel_soort)) as maatregel_soort,
        lower(trim(thema_code)) as thema_code,
        adres_postcode_pc4,
        cast(dwangsom_bedrag_eur as numeric(14, 2)) as dwangsom_bedrag_eur,
        adres_pseudoniem,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

),

final as (

    select
        renamed.maatregel_nummer,
        coalesce(herindelingen.gemeente_code, renamed.gemeente_code_geleverd) as gemeente_code,
        renamed.gemeente_code_geleverd,
        renamed.besluit_datum,
        renamed.maatregel_soort,
        renamed.thema_code,
        renamed.adres_postcode_pc4,
        renamed.dwangsom_bedrag_eur,
        renamed.adres_pseudoniem,
        renamed._delivery_id,
        renamed._source_row,
        renamed._delivery_date,
        renamed._loaded_at
    from renamed
    left join herindelingen
        on renamed.gemeente_code_geleverd = herindelingen.gemeente_code_geleverd

)

select * from final
