with

source as (

    select * from {{ source('gemeente', 'bibob_dossiers') }}

),

herindelingen as (

    {{ gemeente_code_mapping() }}

),

latest_version as (

    {{ latest_delivery('source', ['dossier_nummer']) }}

),

renamed as (

    select
        dossier_nummer,
        {{ normalise_gemeente_code('gemeente_code') }} as gemeente_code_geleverd,
        aanvraag_datum,
        lower(trim(vergunning_soort)) as vergunning_soort,
        lower(trim(thema_code)) as thema_code,
        kvk_nummer_pseudoniem,
        lbb_advies_gevraagd as is_lbb_advies_gevraagd,
        lower(trim(uitkomst)) as uitkomst,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

),

final as (

    select
        renamed.dossier_nummer,
        coalesce(herindelingen.gemeente_code, renamed.gemeente_code_geleverd) as gemeente_code,
        renamed.gemeente_code_geleverd,
        renamed.aanvraag_datum,
        renamed.vergunning_soort,
        renamed.thema_code,
        renamed.kvk_nummer_pseudoniem,
        renamed.is_lbb_advies_gevraagd,
        renamed.uitkomst,
        renamed.uitkomst = 'ernstig_gevaar' as is_ernstig_gevaar,
        renamed._delivery_id,
        renamed._source_row,
        renamed._delivery_date,
        renamed._loaded_at
    from renamed
    left join herindelingen
        on renamed.gemeente_code_geleverd = herindelingen.gemeente_code_geleverd

)

select * from final
