// The few parts of sql.js (pinned in package.json) this package uses; sql.js ships no types.
declare module 'sql.js' {
  export interface Statement {
    run(values?: (string | number | null)[]): void
    free(): boolean
  }
  export interface Database {
    run(sql: string, values?: (string | number | null)[]): Database
    exec(sql: string): unknown[]
    prepare(sql: string): Statement
    export(): Uint8Array
    close(): void
  }
  export interface SqlJsStatic {
    Database: new (data?: Uint8Array) => Database
  }
  export default function initSqlJs(config?: { locateFile?: (file: string) => string }): Promise<SqlJsStatic>
}
