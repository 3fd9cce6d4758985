// Computes, with the JavaScript reference UnixFS importer, the CIDs `ipfs add` gives for the
// deterministic test tree that DirectoryImportTest builds on disk (ReferenceTree), and writes the blocks
// of a HAMT-sharded directory (src/test/resources/unixfs-hamt-dir.json) used by UnixFsDirectoryReadTest
// and DirectoryImportTest. Run it in a scratch folder, not in the repository (no node_modules here):
//
//   npm install ipfs-unixfs-importer@17.1.1 blockstore-core@7.0.1 multiformats@14.0.5
//   node unixfs-reference.mjs dirs          -> Java Map.entry lines, one block per variant
//   node unixfs-reference.mjs hamt > hamt-dir.json
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { MemoryBlockstore } from 'blockstore-core/memory'

// Same generator as the CID vectors: xorshift32 13/17/5, seed 0x2545F491, little-endian words.
function prng (n) {
  const out = new Uint8Array(n)
  let x = 0x2545F491
  for (let i = 0; i < n;) {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    for (let k = 0; k < 4 && i < n; k++, i++) out[i] = (x >>> (8 * k)) & 0xff
  }
  return out
}

const text = (s) => new TextEncoder().encode(s)

// The tree (the Java test also writes a dotfile `.hidden`, which `ipfs add -r` skips).
const tree = [
  { path: 'root/a.txt', content: text('alpha\n') },
  { path: 'root/B.txt', content: text('upper case sorts first\n') },
  { path: 'root/b.bin', content: prng(300000) },
  { path: 'root/empty' },
  { path: 'root/nested/m.txt', content: new Uint8Array(0) },
  { path: 'root/nested/deep/z.txt', content: text('zzz') },
  { path: 'root/\u00fc-unicode.txt', content: text('unicode\n') }
]

function kubo (cidVersion, wrapWithDirectory) {
  return {
    profile: 'unixfs-v0-2015',
    cidVersion,
    rawLeaves: cidVersion === 1, // `ipfs add --cid-version=1` implies --raw-leaves
    chunker: fixedSize({ chunkSize: 262144 }),
    layout: balanced({ maxChildrenPerNode: 174 }),
    reduceSingleLeafToSelf: true,
    wrapWithDirectory
  }
}

async function dirs () {
  for (const [cidVersion, wrap] of [[0, false], [1, false], [0, true], [1, true]]) {
    console.log(`// cidVersion=${cidVersion} wrapWithDirectory=${wrap}`)
    const store = new MemoryBlockstore()
    for await (const e of importer(tree.map(t => ({ ...t })), store, kubo(cidVersion, wrap))) {
      console.log(`Map.entry("${e.path}", "${e.cid.toString()}"),`)
    }
  }
}

async function hamt () {
  const entries = []
  for (let i = 0; i < 300; i++) entries.push({ path: `shard/file-${i}.txt`, content: text(`file ${i}\n`) })
  const store = new MemoryBlockstore()
  const cids = []
  const put = store._put.bind(store)
  store._put = (key, val, options) => { cids.push(key); return put(key, val, options) }
  let root
  // A tiny split threshold forces the directory into a HAMT (fanout 256) with sub-shards.
  for await (const e of importer(entries, store, { ...kubo(1, false), shardSplitThresholdBytes: 1 })) root = e
  const blocks = {}
  for (const cid of cids) blocks[cid.toString()] = Buffer.concat([...store.get(cid)]).toString('base64')
  console.log(JSON.stringify({ root: root.cid.toString(), entries: entries.length, blocks }))
}

await (process.argv[2] === 'hamt' ? hamt() : dirs())
