with

source as (

    select * from {{ source('politie', 'betrokkenen') }}

),

latest_version as (

    {{ latest_delivery('source', ['incident_nummer', 'betrokkene_volgnummer']) }}

),

final as (

    select
        incident_nummer,
        cast(betrokkene_volgnummer as integer) as betrokkene_volgnummer,
        lower(trim(rol)) as rol,
        bsn_pseudoniem,
        geboortedatum_jaar,
        telefoonnummer_pseudoniem,
        kenteken_pseudoniem,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

)

select * from final
