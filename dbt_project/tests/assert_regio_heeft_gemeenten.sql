-- A run for a region code that is unknown (or has no gemeenten on the peildatum) would publish empty
-- marts without any other test failing. Returns a row when the region has no gemeenten.

with

gemeenten as (

    select * from {{ ref('int_gemeenten_regio') }}

),

final as (

    select '{{ var("region") }}' as riec_regio_code
    where not exists (select 1 from gemeenten)

)

select * from final
