import type { ParsedArticleDraft } from '../../../shared/knowledge'

const article = (title: string, category: string, tags: string[], appliesTo: Partial<ParsedArticleDraft['appliesTo']>, body: string): ParsedArticleDraft => ({
  title,
  body,
  tags,
  category,
  appliesTo: { os: [], apps: [], models: [], ...appliesTo },
  status: 'published',
  // Generic how-tos a requester may read.
  visibility: 'shareable'
})

/** The sample desk's knowledge base: the articles its tickets call for, so suggestions show on a first run. */
export const sampleArticles: ParsedArticleDraft[] = [
  article('Outlook password prompt loop after password change', 'Email', ['outlook', 'password', 'credentials'], { os: ['Windows 11', 'Windows 10'], apps: ['Outlook'] }, `## Symptoms
Outlook asks for the password again and again after the user changed it; the new password is refused in the prompt.

## Cause
Windows Credential Manager still holds the old password, and Outlook keeps offering it.

## Steps
1. Close Outlook.
2. Open **Credential Manager › Windows Credentials** and remove every entry starting with \`MicrosoftOffice16\`.
3. Sign out of Windows and back in, start Outlook, and sign in once with the new password.
4. If the prompt still loops, check the account is not locked in the admin portal.
`),
  article('VPN error 809 after a Windows update', 'Network', ['vpn', 'error 809', 'ipsec'], { os: ['Windows 11'], apps: ['AnyConnect'] }, `## Symptoms
The VPN fails with error 809 from home networks since the latest Windows update.

## Steps
1. Confirm the home router allows IPsec passthrough (UDP 500 and 4500).
2. Reinstall the VPN profile from the company portal.
3. If it still fails, note the update's KB number and escalate to Network (L2) with the time of the last failure.
`),
  article('Laptop will not charge: check battery health first', 'Hardware', ['battery', 'charging', 'laptop'], { models: ['Latitude 5420', 'ThinkPad T14'] }, `## Steps
1. Try another known-good charger of the right wattage.
2. Attach the laptop's inventory to the ticket and read the battery health and cycle count.
3. Under 60% health or over 500 cycles: raise a replacement request; check the warranty end date first.
`),
  article('Printer jams on every job', 'Printing', ['printer', 'jam', 'mfp'], {}, `## Steps
1. Open every tray and the rear door; remove torn scraps of paper.
2. Check the paper type setting matches what is loaded.
3. Print a configuration page; if the jam code repeats, log a vendor call with the code.
`),
  article('Shared drive not mapped after login', 'Network', ['share', 'mapped drive', 'login script'], { os: ['Windows 11', 'Windows 10'] }, `## Steps
1. Check the user is in the share's access group.
2. Run \`gpupdate /force\`, then sign out and in again.
3. Map it by hand to confirm access: \`\\\\files\\shared\` as **S:**.
`),
  article('Teams does not see the camera', 'Collaboration', ['teams', 'camera', 'webcam'], { apps: ['Teams'] }, `## Steps
1. Close every other app that may hold the camera.
2. In **Settings › Privacy › Camera**, allow desktop apps to use it.
3. In Teams, **Settings › Devices**, pick the camera again.
`),
  article('Reset MFA after a phone is replaced', 'Accounts', ['mfa', 'authenticator', 'phone'], {}, `## Steps
1. Verify identity by the desk's procedure (manager confirmation for a lost phone).
2. In the identity admin portal, require re-registration of MFA methods.
3. Walk the user through registering the authenticator app on the new phone.
`),
  article('Request a second monitor', 'Hardware', ['monitor', 'display', 'request'], {}, `## Steps
1. Check stock for a 27" USB-C display.
2. Log the asset against the requester and book the delivery.
`)
]
