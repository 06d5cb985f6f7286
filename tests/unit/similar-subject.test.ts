import { describe, expect, it } from 'vitest'
import { fillerWords, subjectsAlike } from '../../src/main/core/rules/similar-subject'

describe('a second ticket for the same problem', () => {
  it('is noticed when the subjects share the words that name the problem', () => {
    expect(subjectsAlike('Outlook password prompt', 'Outlook keeps asking for my password')).toBe(true)
    expect(subjectsAlike('VPN down', 'vpn slow again')).toBe(true)
    expect(subjectsAlike('Wi-Fi drops in 4F', 'wifi drops on floor 4F')).toBe(true)
    expect(subjectsAlike('Café printer jams', 'cafe PRINTER jam again')).toBe(true)
  })

  it('is not claimed for subjects that only share filler words', () => {
    expect(subjectsAlike('Printer on 2F jams', 'Outlook password prompt')).toBe(false)
    expect(subjectsAlike('I cannot work, please help', 'Please help, my problem is still there')).toBe(false)
    expect(subjectsAlike('New laptop for Maria', 'New monitor for the lab')).toBe(false)
  })

  it('drops the filler words people write around a problem, and keeps the ones that name it', () => {
    for (const word of ['please', 'help', 'keeps', 'asking', 'still', 'problem', 'urgent', 'asap', 'thanks', 'tried', 'today', 'something', 'cant', 'dont', 'im']) expect(fillerWords.has(word), word).toBe(true)
    // Words that name a problem, a thing or a symptom are never filler, however common.
    for (const word of ['outlook', 'password', 'vpn', 'printer', 'locked', 'error', 'slow', 'down', 'crash', 'screen', 'update', 'hear', 'offline', 'login', 'phone', 'mail', 'sound', 'dead']) expect(fillerWords.has(word), word).toBe(false)
  })
})
