-- Tabel 2 Afpakken of the RIEC-LIEC jaarverslag, for the run's region: per year the amounts opgelegd
-- (imposed), geïnd/verrekend (collected or set off) and beslag (seized), in euro, from the
-- Belastingdienst's afpak-registratie, by year of afpak_datum. Status and voetnoot as in Tabel 1:
-- 'gg' when no afpakken were delivered at all, 'nvt' when the region did not exist that year.

with

regio_per_jaar as (

    select * from {{ ref('int_riec_regio_per_jaar') }}

),

jaren as (

    select * from {{ ref('int_rapportage_jaren') }}

),

rijen as (

    select * from {{ ref('ref_jaarverslag_rijen') }}
    where tabel = 2

),

afpakken as (

    select * from {{ ref('stg_belastingdienst__afpakken') }}

),

geleverd as (

    select * from {{ ref('stg_meta__geleverde_extracten') }}

),

-- Delivered, also when empty: an empty delivery means 0, no delivery at all means gg.
afpakken_geleverd as (

    select count(*) > 0 as is_afpakken_geleverd
    from geleverd
    where partner_code = 'belastingdienst' and extract_naam = 'afpakken'

),

bedragen as (

    select
        cast(extract(year from afpak_datum) as integer) as jaar,
        'afpak_' || afpak_soort as rij_code,
        sum(bedrag_eur) as bedrag_eur
    from afpakken
    where afpak_datum <= {{ peildatum() }}
    group by
        extract(year from afpak_datum),
        afpak_soort

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
        rijen.rij_omschrijving,
        case
            when regio_per_jaar.jaar is null then 'nvt'
            when not afpakken_geleverd.is_afpakken_geleverd then 'gg'
            else 'waarde'
        end as status
    from jaren
    cross join rijen
    cross join afpakken_geleverd
    left join regio_per_jaar
        on jaren.jaar = regio_per_jaar.jaar

),

final as (

    select
        cellen.riec_regio_code,
        cellen.rapportage_regio_code,
        cellen.rapportage_regio_naam,
        cellen.jaar,
        cellen.rij_volgorde,
        cellen.rij_code,
        cellen.rij_omschrijving,
        -- the cast around the case, not inside it: a case drops the scale of its branches
        cast(
            case
                when cellen.status = 'waarde' then coalesce(bedragen.bedrag_eur, 0)
            end as numeric(14, 2)
        ) as bedrag_eur,
        cellen.status,
        case
            when cellen.status <> 'waarde' then null
            when cellen.rapportage_regio_code <> cellen.riec_regio_code
                then 'Gezamenlijk gerapporteerd als ' || cellen.rapportage_regio_naam
            when cellen.is_lopend_jaar
                then 'Lopend jaar, tot en met {{ peildatum_text() }}'
        end as voetnoot
    from cellen
    left join bedragen
        on
            cellen.jaar = bedragen.jaar
            and cellen.rij_code = bedragen.rij_code

)

select * from final
