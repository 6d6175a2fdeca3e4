-- Scope rows of the handhavingsknelpunten the stuurgroep designated: a person, a company, an area
-- (gemeente and/or PC4) or a branche (SBI code), each with its validity period. The second ground of
-- lawful linkage (RIEC-convenant art. 1.7).

with

source as (

    select * from {{ source('riec', 'handhavingsknelpunten') }}

),

herindelingen as (

    {{ gemeente_code_mapping() }}

),

latest_version as (

    {{ latest_delivery('source', ['hhk_code', 'scope_volgnummer']) }}

),

renamed as (

    select
        hhk_code,
        cast(scope_volgnummer as integer) as scope_volgnummer,
        naam as hhk_naam,
        lower(trim(scope_soort)) as scope_soort,
        case
            when lower(trim(scope_soort)) = 'persoon' then bsn_pseudoniem
            when lower(trim(scope_soort)) = 'bedrijf' then kvk_nummer_pseudoniem
        end as subject_pseudoniem,
        {{ normalise_gemeente_code('gemeente_code') }} as gemeente_code_geleverd,
        cast(pc4 as text) as pc4,
        replace(sbi_code, '.', '') as sbi_code,
        geldig_vanaf as geldig_vanaf_date,
        geldig_tot as geldig_tot_date,
        _delivery_id,
        _source_row,
        _delivery_date,
        _loaded_at
    from latest_version

),

final as (

    select
        renamed.hhk_code,
        renamed.scope_volgnummer,
        renamed.hhk_naam,
        renamed.scope_soort,
        renamed.subject_pseudoniem,
        coalesce(herindelingen.gemeente_code, renamed.gemeente_code_geleverd) as gemeente_code,
        renamed.gemeente_code_geleverd,
        renamed.pc4,
        renamed.sbi_code,
        renamed.geldig_vanaf_date,
        renamed.geldig_tot_date,
        renamed._delivery_id,
        renamed._source_row,
        renamed._delivery_date,
        renamed._loaded_at
    from renamed
    left join herindelingen
        on renamed.gemeente_code_geleverd = herindelingen.gemeente_code_geleverd

)

select * from final
