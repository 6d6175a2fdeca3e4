-- The periods an informatiebeeld covers, at three grains: every maand, kwartaal and jaar of the
-- rapportage jaren that has started on or before the peildatum. A period that is still running ends
-- at the peildatum (is_lopend), so it is never compared as if it were complete without saying so.

with

jaren as (

    select * from {{ ref('int_rapportage_jaren') }}

),

maanden as (

    select
        'maand' as periode_soort,
        jaren.jaar,
        cast(maanden.maand as integer) as volgnummer_in_jaar,
        make_date(jaren.jaar, cast(maanden.maand as integer), 1) as begin_datum,
        cast(
            make_date(jaren.jaar, cast(maanden.maand as integer), 1) + interval '1 month' - interval '1 day' as date
        ) as eind_datum
    from jaren
    cross join generate_series(1, 12) as maanden (maand)

),

kwartalen as (

    select
        'kwartaal' as periode_soort,
        jaren.jaar,
        cast(kwartalen.kwartaal as integer) as volgnummer_in_jaar,
        make_date(jaren.jaar, cast(kwartalen.kwartaal as integer) * 3 - 2, 1) as begin_datum,
        cast(
            make_date(jaren.jaar, cast(kwartalen.kwartaal as integer) * 3 - 2, 1)
            + interval '3 months' - interval '1 day' as date
        ) as eind_datum
    from jaren
    cross join generate_series(1, 4) as kwartalen (kwartaal)

),

hele_jaren as (

    select
        'jaar' as periode_soort,
        jaar,
        1 as volgnummer_in_jaar,
        make_date(jaar, 1, 1) as begin_datum,
        make_date(jaar, 12, 31) as eind_datum
    from jaren

),

alle_perioden as (

    select * from maanden
    union all
    select * from kwartalen
    union all
    select * from hele_jaren

),

final as (

    select
        periode_soort,
        case periode_soort
            when 'maand' then to_char(begin_datum, 'YYYY-MM')
            when 'kwartaal' then jaar || '-K' || volgnummer_in_jaar
            else cast(jaar as text)
        end as periode,
        jaar,
        begin_datum,
        least(eind_datum, {{ peildatum() }}) as eind_datum,
        eind_datum > {{ peildatum() }} as is_lopend,
        cast(
            row_number() over (partition by periode_soort order by begin_datum) as integer
        ) as periode_volgnummer
    from alle_perioden
    where begin_datum <= {{ peildatum() }}

)

select * from final
