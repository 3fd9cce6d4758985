// Drives the IPFS proxy with the unmodified kubo-rpc-client package: one call per run, its result as one JSON line.
// Usage: node kubo-client.mjs <api-url> <authorization header> <op> [args...]
import { readFileSync } from 'node:fs'
import { create, CID } from 'kubo-rpc-client'

const [url, authorization, op, ...args] = process.argv.slice(2)
const ipfs = create({ url, headers: { authorization } })

async function run () {
  switch (op) {
    case 'version':
      return await ipfs.version()
    case 'add': {
      const added = await ipfs.add(readFileSync(args[0]))
      return { cid: added.cid.toString(), size: added.size }
    }
    case 'pin.add':
      return { cid: (await ipfs.pin.add(CID.parse(args[0]))).toString() }
    case 'pin.rm':
      return { cid: (await ipfs.pin.rm(CID.parse(args[0]))).toString() }
    case 'pin.ls': {
      const pins = []
      const options = args.length > 0 ? { paths: args.map((a) => CID.parse(a)) } : {}
      for await (const pin of ipfs.pin.ls(options)) {
        pins.push({ cid: pin.cid.toString(), type: pin.type })
      }
      return pins
    }
    case 'cat': {
      const chunks = []
      for await (const chunk of ipfs.cat(CID.parse(args[0]))) {
        chunks.push(chunk)
      }
      return { base64: Buffer.concat(chunks).toString('base64') }
    }
    default:
      throw new Error('unknown op ' + op)
  }
}

try {
  console.log(JSON.stringify(await run()))
} catch (e) {
  console.error('kubo-rpc-client failed: ' + (e && e.stack ? e.stack : e))
  process.exit(2)
}
