-- Subjects registered on a RIEC-casus (persons by bsn_pseudoniem, companies by kvk_nummer_pseudoniem).
-- Together with the casus period this is the first ground of lawful linkage (RIEC-convenant art. 1.7).

with

source as (

    select * from {{ source('riec', 'casus_subjecten') }}

),

latest_version as (

    {{ latest_delivery('source', ['casus_nummer', 'subject_volgnummer']) }}

),

final as (

    select
        casus_nummer,
        cast(subject_volgnummer as integer) as subject_volgnummer,
        lower(trim(subject_soort)) as subject_soort,
        case
            when lower(trim(subject_soort)) = 'persoon' then bsn_pseudoniem
            else kvk_nummer_pseudoniem
        end as subject_pseudoniem,
        lower(trim(rol)) as rol,
        toegevoegd_op as toegevoegd_op_date,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

)

select * from final
