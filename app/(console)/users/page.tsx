import { UserAdmin } from "@/components/users/UserAdmin";

export default function UsersPage() {
  return (
    <>
      <h1>Users</h1>
      <UserAdmin />
    </>
  );
}
