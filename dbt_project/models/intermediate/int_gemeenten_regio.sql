-- The gemeenten of the run's region (var region) on the peildatum, with the region's name then.

with

gemeenten as (

    select * from {{ ref('ref_gemeenten') }}

),

regios as (

    select * from {{ ref('ref_riec_regio_historie') }}

),

regio_op_peildatum as (

    select
        riec_regio_code,
        riec_regio_naam
    from regios
    where
        riec_regio_code = '{{ var("region") }}'
        and geldig_vanaf <= {{ peildatum() }}
        and (geldig_tot is null or geldig_tot >= {{ peildatum() }})

),

gemeenten_op_peildatum as (

    select
        gemeente_code,
        gemeente_naam,
        provincie,
        riec_regio_code
    from gemeenten
    where
        (geldig_vanaf is null or geldig_vanaf <= {{ peildatum() }})
        and (geldig_tot is null or geldig_tot >= {{ peildatum() }})

),

final as (

    select
        regio_op_peildatum.riec_regio_code,
        regio_op_peildatum.riec_regio_naam,
        gemeenten_op_peildatum.gemeente_code,
        gemeenten_op_peildatum.gemeente_naam,
        gemeenten_op_peildatum.provincie
    from gemeenten_op_peildatum
    inner join regio_op_peildatum
        on gemeenten_op_peildatum.riec_regio_code = regio_op_peildatum.riec_regio_code

)

select * from final
