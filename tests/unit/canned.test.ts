import { describe, expect, it } from 'vitest'
import { renderCanned } from '../../src/main/core/rules/canned'

const values = { 'requester.firstName': 'Maria', 'ticket.number': 'INC-1042', 'ticket.subject': 'Use {requester.firstName} <b>x</b>' }

describe('canned response placeholders', () => {
  it.each([
    ['Hi {requester.firstName},', 'Hi Maria,'],
    ['Ticket {ticket.number} / {ticket.number}', 'Ticket INC-1042 / INC-1042'],
    ['About: {ticket.subject}', 'About: Use {requester.firstName} <b>x</b>'],
    ['{unknown.thing} stays', '{unknown.thing} stays'],
    ['{constructor.name} and {__proto__.x}', '{constructor.name} and {__proto__.x}'],
    ['no placeholders', 'no placeholders']
  ])('%s → %s', (template, expected) => {
    expect(renderCanned(template, values)).toBe(expected)
  })
})
