/**
 * How the committee is named in every document (notices, messages to residents, ledgers' footers).
 * Plain TypeScript, no Node or DOM: the main process and the renderer import it by value.
 *
 * The profile's name may be the community's ("幸福里社区") or already the committee's
 * ("幸福里社区居民委员会" — the form's own example): the committee's title is appended only when
 * the name does not already end with one, so nothing reads "居民委员会居民委员会".
 */
const COMMITTEE_ENDINGS = ['居民委员会', '村民委员会', '居委会', '村委会'] as const

export function committeeName(profile: { name: string | null; kind: string } | null | undefined): string {
  const kind = profile?.kind === '村' ? '村民委员会' : '居民委员会'
  const name = (profile?.name ?? '').trim()
  if (!name) return profile?.kind === '村' ? '村民委员会' : '社区居民委员会'
  if (COMMITTEE_ENDINGS.some((ending) => name.endsWith(ending))) return name
  return `${name}${kind}`
}
