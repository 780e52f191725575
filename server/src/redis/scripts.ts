/**
 * The Lua scripts that make each multi-key step atomic. Each touches only keys of one
 * board (one hash tag), so they run unchanged on a Redis Cluster.
 */

/**
 * Append: add the update to the log, remember its id, and PUBLISH it with the id before
 * it, in one step, so a receiver can tell a missed frame from the next one.
 * KEYS: log, last, channel. ARGV: update, instance. Returns the new id.
 */
export const APPEND = `
local prev = redis.call('GET', KEYS[2]) or '0-0'
local id = redis.call('XADD', KEYS[1], '*', 'u', ARGV[1])
redis.call('SET', KEYS[2], id)
redis.call('PUBLISH', KEYS[3], 'u\\n' .. ARGV[2] .. '\\n' .. prev .. '\\n' .. id .. '\\n' .. ARGV[1])
return id
`;

/**
 * Read: the snapshot when it covers more than \`after\`, and the log entries after
 * max(after, snapshot upto). One step, so a compaction cannot trim entries between
 * reading the snapshot and reading the log.
 * KEYS: snapshot, log, last. ARGV: after ('0-0' for a full load).
 * Returns { snapshot data or false, upto, entries as a flat list id, update, id, update…, last }.
 */
export const READ = `
local upto = redis.call('HGET', KEYS[1], 'upto') or '0-0'
local data = false
local from = ARGV[1]
local function older(a, b)
  local am, as = string.match(a, '(%d+)-(%d+)')
  local bm, bs = string.match(b, '(%d+)-(%d+)')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end
if older(from, upto) then
  data = redis.call('HGET', KEYS[1], 'data')
  from = upto
end
local entries = redis.call('XRANGE', KEYS[2], '(' .. from, '+')
local flat = {}
for _, entry in ipairs(entries) do
  flat[#flat + 1] = entry[1]
  flat[#flat + 1] = entry[2][2]
end
return { data, upto, flat, redis.call('GET', KEYS[3]) or '0-0' }
`;

/**
 * Compact, second half: only while this instance still holds the lease, and only
 * forward, write the snapshot covering \`upto\`, then trim the log up to it.
 * KEYS: snapshot, log, lease. ARGV: data, upto, instance. Returns 1 when written.
 */
export const COMPACT = `
if redis.call('GET', KEYS[3]) ~= ARGV[3] then return 0 end
local current = redis.call('HGET', KEYS[1], 'upto')
if current then
  local cm, cs = string.match(current, '(%d+)-(%d+)')
  local nm, ns = string.match(ARGV[2], '(%d+)-(%d+)')
  if tonumber(nm) < tonumber(cm) or (tonumber(nm) == tonumber(cm) and tonumber(ns) <= tonumber(cs)) then return 0 end
end
redis.call('HSET', KEYS[1], 'data', ARGV[1], 'upto', ARGV[2])
local m, s = string.match(ARGV[2], '(%d+)-(%d+)')
redis.call('XTRIM', KEYS[2], 'MINID', m .. '-' .. (tonumber(s) + 1))
return 1
`;

/** Releases a lease only if this instance still holds it. KEYS: lease. ARGV: instance. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Reset links: one more generation, unless the board was deleted (then it stays so).
 * KEYS: links. Returns the new generation, or 'deleted'.
 */
export const RESET_LINKS = `
local current = redis.call('GET', KEYS[1])
if current == 'deleted' then return current end
return redis.call('INCR', KEYS[1])
`;

/**
 * Mark opened: sets the board's \`opened\` only when it has a record, so a board created
 * before boards had one gets no partial record. KEYS: meta. Returns 1 when marked.
 */
export const MARK_OPENED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'opened', '1')
return 1
`;
