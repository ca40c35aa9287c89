import type { Migration } from '../migrate'
import { migration0001 } from './0001-foundation'
import { migration0002 } from './0002-meetings'
import { migration0003 } from './0003-followup'
import { migration0004 } from './0004-heal-series'
import { migration0005 } from './0005-audit-and-postponement'
import { migration0006 } from './0006-corrections-holidays'
import { migration0007 } from './0007-open-state'
import { migration0008 } from './0008-fund'
import { migration0009 } from './0009-list-indexes'
import { migration0010 } from './0010-partners'
import { migration0011 } from './0011-open-record-indexes'
import { migration0012 } from './0012-operators'
import { migration0013 } from './0013-mediation'
import { migration0014 } from './0014-contest'
import { migration0015 } from './0015-home-tile-indexes'
import { migration0016 } from './0016-mediation-staff-by-name'
import { migration0017 } from './0017-resident-identity'
import { migration0018 } from './0018-search-grams'
import { migration0019 } from './0019-open-resolution-order'

/**
 * Every migration, in order. A static list, not a folder scan: the bundled main process has no
 * migrations folder to read. Append only; never edit or renumber a migration that has shipped.
 */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
  migration0018,
  migration0019,
]
