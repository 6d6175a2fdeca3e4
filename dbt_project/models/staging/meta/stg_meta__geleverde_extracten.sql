-- The run's region's extracts with at least one loaded delivery up to the peildatum, however many
-- rows it held: an extract delivered empty (a header-only file its contract allows) means "none this
-- period" (0 in the jaarverslag), an extract never delivered means geen gegevens (gg).

with

ledger as (

    select * from {{ source('meta', 'load_ledger') }}

),

final as (

    select distinct
        partner as partner_code,
        extract as extract_naam
    from ledger
    where
        region = '{{ var("region") }}'
        and status = 'loaded'
        and delivery_date <= {{ peildatum() }}

)

select * from final
