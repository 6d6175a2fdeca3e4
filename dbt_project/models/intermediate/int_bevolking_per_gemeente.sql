-- Inwoners per current gemeente and peiljaar. CBS counts on the gemeentelijke indeling of the
-- peiljaar, so for a peiljaar before a herindeling the merged gemeenten have rows of their own
-- (Haren, Ten Boer and Groningen in 2018): they are added up under the current gemeente.

with

bevolking as (

    select * from {{ ref('stg_cbs__bevolking') }}

),

final as (

    select
        gemeente_code,
        peiljaar,
        cast(sum(inwoners) as integer) as inwoners,
        bool_or(is_synthetisch) as is_synthetisch
    from bevolking
    group by
        gemeente_code,
        peiljaar

)

select * from final
