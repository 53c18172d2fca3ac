/** Header names and values, one row each (the row's name is the header's, for finding it). */
export function HeaderTable({
  headers,
  caption,
}: {
  headers: [string, string][];
  caption?: string;
}) {
  return (
    <table className="console-headers">
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <tbody>
        {headers.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>
              <code>{value}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
