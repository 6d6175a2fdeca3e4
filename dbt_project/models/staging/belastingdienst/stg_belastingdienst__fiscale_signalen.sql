with

source as (

    select * from {{ source('belastingdienst', 'fiscale_signalen') }}

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
        signaal_datum,
        {{ normalise_gemeente_code('gemeente_code') }} as gemeente_code_geleverd,
        lower(trim(thema_code)) as thema_code,
        lower(trim(onderdeel)) as onderdeel,
        bsn_pseudoniem,
        kvk_nummer_pseudoniem,
        iban_pseudoniem,
        cast(geschat_nadeel_eur as numeric(14, 2)) as geschat_nadeel_eur,
        toelichting,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

),

final as (

    select
        renamed.signaal_nummer,
        renamed.signaal_datum,
        coalesce(herindelingen.gemeente_code, renamed.gemeente_code_geleverd) as gemeente_code,
        renamed.gemeente_code_geleverd,
        renamed.thema_code,
        renamed.onderdeel,
        renamed.bsn_pseudoniem,
        renamed.kvk_nummer_pseudoniem,
        renamed.iban_pseudoniem,
        renamed.geschat_nadeel_eur,
        renamed.toelichting,
        renamed._delivery_id,
        renamed._source_row,
        renamed._delivery_date,
        renamed._loaded_at
    from renamed
    left join herindelingen
        on renamed.gemeente_code_geleverd = herindelingen.gemeente_code_geleverd

)

select * from final
