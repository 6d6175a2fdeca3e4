with

source as (

    select * from {{ source('kvk', 'handelsregister_mutaties') }}

),

herindelingen as (

    {{ gemeente_code_mapping() }}

),

latest_version as (

    {{ latest_delivery('source', ['mutatie_nummer']) }}

),

renamed as (

    select
        mutatie_nummer,
        kvk_nummer_pseudoniem,
        vestigingsnummer_pseudoniem,
        lower(trim(mutatie_soort)) as mutatie_soort,
        mutatie_datum,
        lower(trim(rechtsvorm)) as rechtsvorm,
        -- SBI codes are text: leading zeros matter (0111); dots as in 56.10 are removed
        replace(trim(sbi_code), '.', '') as sbi_code,
        postcode_pc4,
        {{ normalise_gemeente_code('gemeente_code') }} as gemeente_code_geleverd,
        adres_pseudoniem,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

),

final as (

    select
        renamed.mutatie_nummer,
        renamed.kvk_nummer_pseudoniem,
        renamed.vestigingsnummer_pseudoniem,
        renamed.mutatie_soort,
        renamed.mutatie_datum,
        renamed.rechtsvorm,
        renamed.sbi_code,
        renamed.postcode_pc4,
        coalesce(herindelingen.gemeente_code, renamed.gemeente_code_geleverd) as gemeente_code,
        renamed.gemeente_code_geleverd,
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
