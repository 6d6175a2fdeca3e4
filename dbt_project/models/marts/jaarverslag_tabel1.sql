-- Tabel 1 Operationele resultaten of the RIEC-LIEC jaarverslag, for the run's region: one cell per
-- year and row, with the region as it reported that year. A cell has a status: 'waarde' (a number,
-- 0 included), 'gg' (geen gegevens: the source was never delivered, waarde is empty) or 'nvt' (niet van
-- toepassing: the region did not exist as a RIEC that year, waarde is empty) or 'niet_apart' (the region
-- declares it counts this row under another, ref_registratie_status); a voetnoot explains a
-- value that needs it (joint reporting, a year still running).

with

regio_per_jaar as (

    select * from {{ ref('int_riec_regio_per_jaar') }}

),

jaren as (

    select * from {{ ref('int_rapportage_jaren') }}

),

rijen as (

    select * from {{ ref('ref_jaarverslag_rijen') }}
    where tabel = 1

),

tellingen as (

    select * from {{ ref('int_jaarverslag_tabel1_tellingen') }}

),

geleverd as (

    select * from {{ ref('stg_meta__geleverde_extracten') }}

),

registratie as (

    select * from {{ ref('ref_registratie_status') }}
    where riec_regio_code = '{{ var("region") }}'

),

-- Delivered, also when empty: an empty delivery means 0, no delivery at all means gg.
casusregister_geleverd as (

    select count(*) > 0 as is_casusregister_geleverd
    from geleverd
    where partner_code = 'riec' and extract_naam = 'casusregister'

),

beelden_geleverd as (

    select count(*) > 0 as is_beelden_geleverd
    from geleverd
    where partner_code = 'riec' and extract_naam = 'ondermijningsbeelden'

),

cellen as (

    select
        '{{ var("region") }}' as riec_regio_code,
        jaren.jaar,
        jaren.is_lopend_jaar,
        regio_per_jaar.rapportage_regio_code,
        regio_per_jaar.rapportage_regio_naam,
        rijen.rij_volgorde,
        rijen.rij_code,
        rijen.rij_groep,
        rijen.rij_omschrijving,
        registratie.toelichting,
        registratie.registratie_status,
        case
            when regio_per_jaar.jaar is null then 'nvt'
            when registratie.registratie_status = 'niet_geregistreerd' then 'gg'
            when registratie.registratie_status = 'niet_apart_geregistreerd' then 'niet_apart'
            when rijen.rij_groep = 'ondermijningsbeelden' and not beelden_geleverd.is_beelden_geleverd then 'gg'
            when
                rijen.rij_groep <> 'ondermijningsbeelden'
                and not casusregister_geleverd.is_casusregister_geleverd
                then 'gg'
            else 'waarde'
        end as status
    from jaren
    cross join rijen
    cross join casusregister_geleverd
    cross join beelden_geleverd
    left join regio_per_jaar
        on jaren.jaar = regio_per_jaar.jaar
    left join registratie
        on
            jaren.jaar = registratie.jaar
            and rijen.rij_code = registratie.rij_code

),

final as (

    select
        cellen.riec_regio_code,
        cellen.rapportage_regio_code,
        cellen.rapportage_regio_naam,
        cellen.jaar,
        cellen.rij_volgorde,
        cellen.rij_code,
        cellen.rij_groep,
        cellen.rij_omschrijving,
        case when cellen.status = 'waarde' then coalesce(tellingen.waarde, 0) end as waarde,
        cellen.status,
        case
            when cellen.status = 'niet_apart'
                then 'Niet apart geregistreerd' || coalesce(': ' || cellen.toelichting, '')
            when cellen.status = 'gg' and cellen.registratie_status = 'niet_geregistreerd'
                then 'Niet geregistreerd door de regio' || coalesce(': ' || cellen.toelichting, '')
            when cellen.status <> 'waarde' then null
            when cellen.rapportage_regio_code <> cellen.riec_regio_code
                then 'Gezamenlijk gerapporteerd als ' || cellen.rapportage_regio_naam
            when cellen.is_lopend_jaar
                then 'Lopend jaar, tot en met {{ peildatum_text() }}'
        end as voetnoot
    from cellen
    left join tellingen
        on
            cellen.jaar = tellingen.jaar
            and cellen.rij_code = tellingen.rij_code

)

select * from final
