// Prints the piece CIDs @web3-storage/data-segment computes for each file named on the command line, one line per
// file: "<file> <v1 piece CID> <v2 piece CID> <padded piece size>". Used by PieceCidCrossCheckTest.
import { readFileSync } from 'node:fs'
import { Piece } from '@web3-storage/data-segment'

for (const file of process.argv.slice(2)) {
  const piece = Piece.fromPayload(readFileSync(file))
  console.log([file, piece.toInfo().link.toString(), piece.link.toString(), String(piece.size)].join(' '))
}
