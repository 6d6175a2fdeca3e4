-- The partners whose deliveries give thematic records (int_signalen_unioned), and per thema whether
-- the partner can hold information on it at all: the KvK only signals through its risicobranches, so
-- KvK × a thema without a risicobranche is not a witte vlek but not applicable.

with

partners as (

    select * from {{ ref('ref_partners') }}

),

themas as (

    select * from {{ ref('ref_themas') }}

),

risicobranches as (

    select * from {{ ref('ref_sbi_risicobranches') }}

),

signalerend as (

    select
        partner_code,
        partner_naam
    from partners
    where partner_code in ('politie', 'gemeente', 'belastingdienst', 'kvk', 'riec')

),

final as (

    select
        signalerend.partner_code,
        signalerend.partner_naam,
        themas.thema_code,
        themas.thema_naam,
        (
            signalerend.partner_code <> 'kvk'
            or themas.thema_code in (select risicobranches.thema_code from risicobranches)
        ) as is_van_toepassing
    from signalerend
    cross join themas

)

select * from final
