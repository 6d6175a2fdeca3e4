-- Every gemeente code that disappeared in a herindeling must, following the chain of herindelingen,
-- end at a gemeente in ref_gemeenten; otherwise its records would fall out of the marts.

with

gemeenten as (

    select * from {{ ref('ref_gemeenten') }}

),

herindelingen as (

    {{ gemeente_code_mapping() }}

),

final as (

    select
        herindelingen.gemeente_code_geleverd,
        herindelingen.gemeente_code
    from herindelingen
    left join gemeenten
        on herindelingen.gemeente_code = gemeenten.gemeente_code
    where gemeenten.gemeente_code is null

)

select * from final
