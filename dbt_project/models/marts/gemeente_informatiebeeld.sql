-- Gemeentelijk informatiebeeld: per current gemeente of the region, per thema and per year, what the
-- partners know. Every combination is present, also without any record: those are the witte vlekken.

with

gemeenten as (

    select * from {{ ref('int_gemeenten_regio') }}

),

themas as (

    select * from {{ ref('ref_themas') }}

),

jaren as (

    select * from {{ ref('int_rapportage_jaren') }}

),

signalen_per_cel as (

    select * from {{ ref('int_signalen_per_gemeente_thema_jaar') }}

),

cellen as (

    select
        gemeenten.riec_regio_code,
        gemeenten.gemeente_code,
        gemeenten.gemeente_naam,
        themas.thema_code,
        themas.thema_naam,
        jaren.jaar
    from gemeenten
    cross join themas
    cross join jaren

),

tellingen as (

    select
        cellen.riec_regio_code,
        cellen.gemeente_code,
        cellen.gemeente_naam,
        cellen.thema_code,
        cellen.thema_naam,
        cellen.jaar,
        coalesce(signalen_per_cel.politie_incidenten, 0) as politie_incidenten,
        coalesce(signalen_per_cel.gemeente_signalen, 0) as gemeente_signalen,
        coalesce(signalen_per_cel.bibob_dossiers, 0) as bibob_dossiers,
        coalesce(signalen_per_cel.bibob_ernstig_gevaar, 0) as bibob_ernstig_gevaar,
        coalesce(signalen_per_cel.bestuurlijke_maatregelen, 0) as bestuurlijke_maatregelen,
        coalesce(signalen_per_cel.fiscale_signalen, 0) as fiscale_signalen,
        coalesce(signalen_per_cel.kvk_inschrijvingen_risicobranche, 0) as kvk_inschrijvingen_risicobranche,
        coalesce(signalen_per_cel.riec_casussen, 0) as riec_casussen
    from cellen
    left join signalen_per_cel
        on
            cellen.gemeente_code = signalen_per_cel.gemeente_code
            and cellen.thema_code = signalen_per_cel.thema_code
            and cellen.jaar = signalen_per_cel.jaar

),

met_partners as (

    select
        tellingen.*,
        {{ partners_met_informatie('tellingen') }} as partners_met_informatie
    from tellingen

),

final as (

    select
        riec_regio_code,
        gemeente_code,
        gemeente_naam,
        thema_code,
        thema_naam,
        jaar,
        politie_incidenten,
        gemeente_signalen,
        bibob_dossiers,
        bibob_ernstig_gevaar,
        bestuurlijke_maatregelen,
        fiscale_signalen,
        kvk_inschrijvingen_risicobranche,
        riec_casussen,
        partners_met_informatie,
        partners_met_informatie = 0 as is_witte_vlek
    from met_partners

)

select * from final
